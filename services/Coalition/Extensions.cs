using FlexPlatform.Coalition.Consumers;
using FlexPlatform.Coalition.Data;
using FlexPlatform.Contracts;

namespace FlexPlatform.Coalition;

public static class Extensions
{
    public static IHostApplicationBuilder AddCoalitionServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgresDatabase("coalitiondb", typeof(Extensions).Assembly);
        builder.AddMessaging(Subscriptions.Durable, bus =>
        {
            bus.AddConsumer<PledgeConfirmedConsumer>(MessagingExtensions.Batched);
            bus.AddConsumer<PledgeWithdrawnConsumer>();
        });
        builder.Services.AddSingleton<OrganizationStore>();
        builder.Services.AddSingleton<MemberDirectory>();
        builder.AddMail();
        builder.Services.AddGrpc();
        return builder;
    }
}
