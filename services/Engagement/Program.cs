using FlexPlatform.Engagement;
using FlexPlatform.Engagement.Api;
using FlexPlatform.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEngagementServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapStaffAuditApi("/api/engagement");
app.MapReferralsApi();
app.MapMilestonesApi();
app.MapEventsApi();
app.MapAttendeesApi();
app.MapPetitionsApi();
app.MapLegislationApi();
app.MapIdeasApi();
app.Run();
