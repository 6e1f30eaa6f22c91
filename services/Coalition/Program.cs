using FlexPlatform.Coalition;
using FlexPlatform.Coalition.Api;
using FlexPlatform.Coalition.Grpc;
using FlexPlatform.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCoalitionServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapStaffAuditApi("/api/coalition");
app.MapApplicationsApi();
app.MapMembersApi();
app.MapGrpcService<MembersGrpcService>().RequireAuthorization(ServiceCredentials.Policy);
app.Run();
