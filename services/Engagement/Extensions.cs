using FlexPlatform.Engagement.Consumers;
using FlexPlatform.Engagement.Milestones;
using FlexPlatform.Pledge.Grpc;

namespace FlexPlatform.Engagement;

public static class Extensions
{
    public static IHostApplicationBuilder AddEngagementServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgresDatabase("engagementdb", typeof(Extensions).Assembly);

        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<PledgeConfirmedConsumer>();
            bus.AddConsumer<PledgeWithdrawnConsumer>();
            bus.AddConsumer<SupportersImportedConsumer>();
        });

        // gRPC to Pledge over its h2c endpoint, found by service discovery (services__pledge__grpc__0).
        builder.Services.AddGrpcClient<Supporters.SupportersClient>(o => o.Address = new Uri("http://_grpc.pledge"));

        builder.Services.AddSingleton<MilestoneWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MilestoneWatcher>());
        return builder;
    }
}
