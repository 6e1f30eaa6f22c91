using FlexPlatform.Coalition;
using FlexPlatform.Coalition.Api;
using FlexPlatform.Coalition.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCoalitionServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapApplicationsApi();
app.MapMembersApi();
app.MapGrpcService<MembersGrpcService>();
app.Run();
