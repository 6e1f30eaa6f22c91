using FlexPlatform.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();
builder.AddMergedDevMailbox();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseGatewayPolicies();
app.MapMergedDevMailbox();
app.MapReverseProxy();

app.Run();
