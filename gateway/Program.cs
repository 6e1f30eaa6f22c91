using FlexPlatform.Gateway;
using FlexPlatform.Gateway.Operations;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

// The hottest public reads are answered before routing and everything after it (FrontCache).
app.UseMiddleware<FrontCacheMiddleware>();
app.UseRouting();
app.UseServiceDescriptions();
app.MapDefaultEndpoints(describeApi: false);
app.UseGatewayPolicies();
app.MapApiDocuments();
app.MapOperationsAdminApi();
app.MapReverseProxy(proxy => proxy.UseProxyErrorsAsProblems().UseReplicaBalancing()).WithRouteBodyLimits();

app.Run();
