using FlexPlatform.AppHost.Hosting;

namespace FlexPlatform.AppHost;

/// <summary>The app model: what runs and what each part references, in the shape of an Aspire AppHost.</summary>
public static class PlatformModel
{
    public const int GatewayPort = 8080;

    public static PlatformBuilder AddFlexPlatform(this PlatformBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres");
        var pledgeDb = postgres.AddDatabase("pledgedb");
        var coalitionDb = postgres.AddDatabase("coalitiondb");
        var contentDb = postgres.AddDatabase("contentdb");
        var engagementDb = postgres.AddDatabase("engagementdb");

        var cache = builder.AddRedis("cache");
        var messaging = builder.AddRabbitMQ("messaging");

        var coalition = builder.AddProject("coalition", "services/Coalition/Coalition.csproj")
            .WithGrpcEndpoint()
            .WithReference(coalitionDb).WithReference(messaging);

        // Pledge and Engagement scale out (--replicas N); their background work is safe on every replica.
        var pledge = builder.AddProject("pledge", "services/Pledge/Pledge.csproj")
            .WithGrpcEndpoint().WithReplicas(builder.Options.Replicas)
            .WithReference(pledgeDb).WithReference(cache).WithReference(messaging)
            .WithReference(coalition);

        var content = builder.AddProject("content", "services/Content/Content.csproj")
            .WithReference(contentDb).WithReference(messaging)
            .WithReference(pledge);

        var engagement = builder.AddProject("engagement", "services/Engagement/Engagement.csproj")
            .WithReplicas(builder.Options.Replicas)
            .WithReference(engagementDb).WithReference(cache).WithReference(messaging)
            .WithReference(pledge);

        // Pledge's dev mailbox merges every service's mail (they start after Pledge, so no waiting).
        pledge.WithReference(content, waitFor: false).WithReference(engagement, waitFor: false);

        // The web client calls only the gateway's public API, and the gateway serves it at "/".
        var web = builder.AddProject("web", "web/Web.csproj");
        var gateway = builder.AddProject("gateway", "gateway/Gateway.csproj")
            .WithHttpEndpoint(GatewayPort)
            .WithReference(pledge).WithReference(coalition).WithReference(content).WithReference(engagement)
            .WithReference(web);
        web.WithReference(gateway, waitFor: false);

        return builder;
    }
}
