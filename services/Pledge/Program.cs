using FlexPlatform.Pledge;
using FlexPlatform.Pledge.Api;
using FlexPlatform.Pledge.Grpc;
using FlexPlatform.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPledgeServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapStaffAuditApi("/api/pledges");
app.MapPledgeApi().MapReadsApi().MapOverviewApi().MapSupportersApi().MapManageApi().MapImportApi().MapErasureApi().MapUpdatesApi().MapUnsubscribeApi();
app.MapGrpcService<SupportersGrpcService>().RequireAuthorization(ServiceCredentials.Policy);

app.Run();
