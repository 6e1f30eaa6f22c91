using FlexPlatform.Coalition.Consumers;
using FlexPlatform.Coalition.Data;
using FlexPlatform.Contracts;
using FlexPlatform.Pledge.Grpc;
using FlexPlatform.ServiceDefaults.Data;
using FlexPlatform.ServiceDefaults.Messaging;
using FlexPlatform.ServiceDefaults.Security;

namespace FlexPlatform.Coalition;

public static class Extensions
{
    public static IHostApplicationBuilder AddCoalitionServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgresDatabase("coalitiondb", typeof(Extensions).Assembly);
        // Internal gRPC calls carry a service credential (ServiceAuth:Key) and are refused without one.
        builder.AddServiceCredentials();
        builder.DescribeApiTags(
            ("Coalition applications", "Organizations apply to join the coalition; staff review each application."),
            ("Coalition members", "The public member directory, each member's page and the coalition's numbers."));
        builder.AddMessaging(new EventRoutes(Subscriptions.Durable, Subscriptions.Filtered, Subscriptions.RoutingKey), bus =>
        {
            bus.AddConsumer<PledgeConfirmedConsumer>(MessagingExtensions.Batched);
            bus.AddConsumer<PledgeWithdrawnConsumer>();
        });
        builder.Services.AddSingleton<OrganizationStore>();
        // Applications whose contact never confirmed are deleted, as unconfirmed pledges and stories are.
        builder.AddUnconfirmedDataPurge(new UnconfirmedRows("unverified applications", "organizations", "status = 'unverified' AND applied_at < @cutoff"));
        builder.Services.AddSingleton<MemberDirectory>();

        // Anti-entropy: member credits compared with Pledge every hour and repaired where they drifted
        // (gRPC over Pledge's h2c endpoint, found by service discovery: services__pledge__grpc__0).
        builder.Services.AddGrpcClient<Supporters.SupportersClient>(o => o.Address = new Uri("http://_grpc.pledge")).WithServiceCredential();
        builder.AddProjection<MemberCreditsProjection>();
        builder.AddMail();
        builder.Services.AddGrpc();
        return builder;
    }
}
