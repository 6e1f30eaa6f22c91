using FlexPlatform.AppHost;
using FlexPlatform.AppHost.Publishing;
using FlexPlatform.AppHost.Replicas;
using FlexPlatform.AppHost.Restarts;
using FlexPlatform.AppHost.Servers;

var builder = DistributedApplication.CreateBuilder(args);
var platform = PlatformSettings.From(builder.Configuration);
LocalTokens.EnsureSecretsFolder();

// Debian's servers as executables (no container runtime here); each service owns a database.
var postgres = builder.AddDebianPostgres("postgres", platform);
var pledgeDb = postgres.AddDatabase("pledgedb");
var coalitionDb = postgres.AddDatabase("coalitiondb");
var contentDb = postgres.AddDatabase("contentdb");
var engagementDb = postgres.AddDatabase("engagementdb");
var staffDb = postgres.AddDatabase("staffdb");
var cache = builder.AddDebianRedis("cache", platform);
var messaging = builder.AddDebianRabbitMQ("messaging", platform);

// Services start together once their servers are up: peers are called at request time, through
// resilience handlers, so none needs another running first. The gateway waits for all of them.
var coalition = builder.AddService<Projects.Coalition>("coalition").WithGrpcEndpoint().WithMail(platform)
    .WithReference(coalitionDb).WaitFor(coalitionDb)
    .WithReference(messaging).WaitFor(messaging);

// Pledge and Engagement scale out (--replicas N); their background work is safe on every replica.
var pledge = builder.AddService<Projects.Pledge>("pledge", platform.Replicas).WithGrpcEndpoint().WithMail(platform)
    .WithReference(pledgeDb).WaitFor(pledgeDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(coalition);

var content = builder.AddService<Projects.Content>("content").WithMail(platform)
    .WithReference(contentDb).WaitFor(contentDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(pledge);

var engagement = builder.AddService<Projects.Engagement>("engagement", platform.Replicas).WithMail(platform)
    .WithReference(engagementDb).WaitFor(engagementDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(pledge);

// Pledge's dev mailbox merges every service's mail (a peer that is not up yet is left out).
pledge.WithReference(content).WithReference(engagement);

// Coalition compares its member credits with Pledge's supporters (hourly, anti-entropy).
coalition.WithReference(pledge);

// The web client calls the gateway's API (public, and admin as the signed-in member of staff), and the gateway
// serves it at "/". Its staff console keeps the staff list and their sign-in links in staffdb.
var web = builder.AddService<Projects.Web>("web").WithMail(platform)
    .WithReference(staffDb).WaitFor(staffDb)
    // The console's operations counts and replays: /admin routes, which only the cluster reaches.
    .WithReference(pledge.GetEndpoint("http")).WithReference(coalition.GetEndpoint("http"))
    .WithReference(content.GetEndpoint("http")).WithReference(engagement.GetEndpoint("http"));
// The dev mailbox holds the console's sign-in links too (only where there is one: published manifests keep web
// reachable from the gateway alone).
if (platform.DevMailbox)
{
    pledge.WithReference(web);
}
var gateway = builder.AddService<Projects.Gateway>("gateway")
    .WithPublicEndpoint(platform.GatewayPort)
    .WithReference(pledge).WaitFor(pledge)
    .WithReference(coalition).WaitFor(coalition)
    .WithReference(content).WaitFor(content)
    .WithReference(engagement).WaitFor(engagement)
    .WithReference(web).WaitFor(web);
// The site's public address is the gateway's (share links, previews, sign-in links in mail).
web.WithReference(gateway).WithEnvironment("Mail__PublicBaseUrl", gateway.GetEndpoint("http"));

builder.AddRestartPolicy();
builder.AddReplicaDiscovery(platform);

// `publish --output deploy/` writes Kubernetes manifests from this model instead of running it.
if (args is ["publish", .. var publishArgs])
{
    return KubernetesPublisher.Run(builder, publishArgs);
}

builder.Build().Run();
return 0;
