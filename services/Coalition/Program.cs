using FlexPlatform.Coalition;
using FlexPlatform.Coalition.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCoalitionServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapApplicationsApi();
app.MapMembersApi();

app.Run();
