using FlexPlatform.ServiceDefaults.Security;
using FlexPlatform.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlexPlatform.Web.Staff;

/// <summary>
/// The staff console under <c>/staff</c>: its own database (<c>staffdb</c>: the staff list, sign-in links, cookie
/// keys, mail), sign-in by a one-time mailed link, and the admin API called through the gateway as the signed-in
/// member of staff.
/// </summary>
public static class StaffConsoleExtensions
{
    /// <summary>The key of the <see cref="ApiClient"/> that calls the admin API as the signed-in member of staff.</summary>
    public const string StaffApi = "staff-api";

    /// <summary>The client for long transfers as the signed-in member of staff: the supporter import and CSV exports.</summary>
    public const string BulkApi = "staff-bulk";

    public static IHostApplicationBuilder AddStaffConsole(this IHostApplicationBuilder builder)
    {
        builder.AddPostgresDatabase("staffdb", typeof(StaffConsoleExtensions).Assembly);
        builder.AddMail();
        builder.AddStaffTokens();
        builder.Services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StaffStore>();
        // The post editor's preview: the same Markdown pipeline and sanitizer as Content renders posts with.
        builder.Services.AddSingleton<FlexPlatform.Domain.Text.ContentSanitizer>();
        builder.Services.AddSingleton<FlexPlatform.Domain.Text.MarkdownRenderer>();
        builder.Services.AddHostedService<FirstAdmins>();
        builder.Services.AddStaffSessions(builder.Configuration, builder.Environment);
        builder.Services.AddDataProtection().SetApplicationName("flexplatform-web");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((keys, dataSource) => keys.XmlRepository = new DataProtectionKeys(dataSource));
        // The same generated client as the public pages, each call carrying the signed-in member of staff's token.
        builder.Services.AddTransient<StaffBearer>();
        builder.Services.AddHttpClient(StaffApi).ForPageSomeoneWaitsAt().AddHttpMessageHandler<StaffBearer>();
        // The supporter import streams a file of up to 1 GiB through (Pledge answers when all of it is in), exports a
        // million rows back.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(BulkApi, http =>
            {
                http.BaseAddress = GatewayClients.Address;
                // A gigabyte at a slow upload takes what it takes; the browser leaving cancels it (RequestAborted).
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // A streamed body cannot be sent twice, and the defaults' 30 s would cut a million rows short (Experimental
            // in Microsoft.Extensions.Http.Resilience, and the documented way for one client to leave the defaults.)
            .RemoveAllResilienceHandlers()
            .AddHttpMessageHandler<ForwardClientAddress>()
            .AddHttpMessageHandler<StaffBearer>();
#pragma warning restore EXTEXP0001
        builder.Services.AddTransient<SupporterImport>();
        builder.Services.AddTransient<StaffDownloads>();
        builder.Services.AddHttpClient(ServiceOperations.Client, http => http.Timeout = TimeSpan.FromSeconds(10))
            .AddHttpMessageHandler<StaffBearer>();
        builder.Services.AddTransient<ServiceOperations>();
        builder.Services.AddKeyedTransient(StaffApi, (services, _) => new ApiClient(
            new GatewayApi(services.GetRequiredService<IHttpClientFactory>().CreateClient(StaffApi)), services.GetRequiredService<ILogger<ApiClient>>()));
        return builder;
    }

    /// <summary>Every console page needs a member of staff, some a role; signing in does not.</summary>
    public static PageConventionCollection AuthorizeStaffPages(this PageConventionCollection pages)
    {
        pages.AuthorizeFolder("/Staff", StaffRoles.AnyStaff);
        pages.AllowAnonymousToPage("/Staff/SignIn");
        pages.AllowAnonymousToPage("/Staff/Link");
        pages.AllowAnonymousToPage("/Staff/SignInDone");
        pages.AuthorizePage("/Staff/Moderation", StaffRoles.Moderator);
        pages.AuthorizePage("/Staff/People", StaffRoles.Admin);
        pages.AuthorizePage("/Staff/Audit", StaffRoles.Admin);
        pages.AuthorizePage("/Staff/Supporters", StaffRoles.Admin);
        pages.AuthorizePage("/Staff/Import", StaffRoles.Admin);
        pages.AuthorizePage("/Staff/Posts", StaffRoles.Editor);
        pages.AuthorizePage("/Staff/Post", StaffRoles.Editor);
        pages.AuthorizePage("/Staff/Petition", StaffRoles.Moderator);
        pages.AuthorizePage("/Staff/Events", StaffRoles.Editor);
        pages.AuthorizePage("/Staff/EventForm", StaffRoles.Editor);
        pages.AddPageRoute("/Staff/EventForm", "staff/events/{slug}/edit");
        pages.AuthorizePage("/Staff/Event", StaffRoles.Editor);
        pages.AuthorizePage("/Staff/Bills", StaffRoles.Editor);
        pages.AuthorizePage("/Staff/Bill", StaffRoles.Editor);
        pages.AuthorizePage("/Staff/Ideas", StaffRoles.Editor);
        return pages;
    }

    public static WebApplication UseStaffConsole(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        // Console pages are one person's: never kept by the gateway's cache or a browser's back-forward cache.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/staff"))
            {
                context.Response.Headers.CacheControl = "no-store";
            }

            return next(context);
        });
        // Sign-in through the organization's identity provider, where one is configured (a link: a form's post
        // redirected to another site would break the console's form-action policy).
        app.MapGet(StaffIdentityProvider.StartPath, (IOptions<StaffIdentityProviderOptions> provider) => provider.Value.IsConfigured
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = StaffIdentityProvider.DonePath }, [StaffIdentityProvider.Scheme])
                : Results.NotFound())
            .AllowAnonymous();
        return app;
    }
}
