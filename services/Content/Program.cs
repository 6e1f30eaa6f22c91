using FlexPlatform.Content;
using FlexPlatform.Content.Api;
using FlexPlatform.ServiceDefaults.Mail;

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
if (!app.Environment.IsProduction())
{
    app.MapDevMailboxApi();
}

app.Run();
