using FlexPlatform.Content;
using FlexPlatform.Content.Api;
using FlexPlatform.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddContentServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapStaffAuditApi("/api/content");
app.MapPostsApi();
app.MapFeedApi();
app.MapStoriesApi();
app.MapCommentsApi();
app.MapModerationApi();
app.Run();
