using FlexPlatform.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.MapDefaultEndpoints(describeApi: false);
app.UseGatewayPolicies();
app.MapApiDocuments();
app.MapReverseProxy(proxy => proxy.UseProxyErrorsAsProblems().UseReplicaBalancing()).WithRouteBodyLimits();

app.Run();
