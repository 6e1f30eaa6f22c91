using FlexPlatform.Content;
using FlexPlatform.Content.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddContentServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapPostsApi();
app.MapFeedApi();
app.MapStoriesApi();
app.MapCommentsApi();
app.MapModerationApi();
app.Run();
