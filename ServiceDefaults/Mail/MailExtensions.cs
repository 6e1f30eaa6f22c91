using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;

namespace Microsoft.Extensions.Hosting;

public static class MailExtensions
{
    /// <summary>
    /// Mail (<c>Mail</c> options): queued with <see cref="MailOutbox"/> in the transaction that decides it, sent by
    /// <see cref="MailDispatcher"/> over SMTP, or into the service's dev mailbox when <c>Mail:DevMailbox</c> is true.
    /// </summary>
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MailOutbox>();
        builder.Services.AddSingleton<MailQueue>();
        builder.Services.AddSingleton<MailSuppressions>();
        builder.Services.AddSingleton<MailTelemetry>();
        builder.Services.AddHostedService<MailDispatcher>();
        builder.Services.AddHealthChecks().AddCheck<MailHealthCheck>("mail", HealthStatus.Degraded, [Extensions.ReadyTag]);
        if (builder.Configuration.GetValue<bool>($"{MailOptions.Section}:{nameof(MailOptions.DevMailbox)}"))
        {
            builder.Services.AddSingleton<DevMailbox>();
            builder.Services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<DevMailbox>());
            // A peer that is away is left out at once: no retries, a short wait (its outage must not
            // slow everyone's mail). RemoveAllResilienceHandlers is the documented opt-out, marked experimental.
#pragma warning disable EXTEXP0001
            builder.Services.AddHttpClient(DevMailboxApi.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(3)).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        }
        else
        {
            builder.Services.AddSingleton<IMailSender, SmtpMailSender>();
        }

        return builder;
    }

    /// <summary>The mail admin routes, and the dev mailbox's when it is on.</summary>
    public static WebApplication MapMailEndpoints(this WebApplication app)
    {
        if (app.Services.GetService<MailQueue>() is null)
        {
            return app;
        }

        app.MapMailAdminApi();
        if (app.Services.GetService<DevMailbox>() is not null)
        {
            app.MapDevMailboxApi();
        }

        return app;
    }
}
