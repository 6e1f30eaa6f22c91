using Microsoft.Extensions.Http.Resilience;
using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class MailExtensions
{
    /// <summary>Mail (<c>Mail</c> options): the service's own dev mailbox outside Production, SMTP in Production.</summary>
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (builder.Environment.IsProduction())
        {
            builder.Services.AddSingleton<IMailSender, SmtpMailSender>();
        }
        else
        {
            builder.Services.AddSingleton<DevMailbox>();
            builder.Services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<DevMailbox>());
            builder.Services.AddHttpClient(DevMailboxApi.HttpClientName);
            // A peer that is away is left out at once: no retries, a short wait (its outage must not slow everyone's mail).
            builder.Services.Configure<HttpStandardResilienceOptions>($"{DevMailboxApi.HttpClientName}-standard", o =>
            {
                o.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(3);
            });
        }

        return builder;
    }
}
