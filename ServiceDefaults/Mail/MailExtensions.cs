using Microsoft.Extensions.Http.Resilience;
using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class MailExtensions
{
    /// <summary>
    /// Mail (<c>Mail</c> options): the service's own dev mailbox outside Production, SMTP in Production;
    /// mail queued with <see cref="MailOutbox"/> in a transaction is sent by <see cref="MailDispatcher"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MailOutbox>();
        builder.Services.AddHostedService<MailDispatcher>();
        if (builder.Environment.IsProduction())
        {
            builder.Services.AddSingleton<IMailSender, SmtpMailSender>();
        }
        else
        {
            builder.Services.AddSingleton<DevMailbox>();
            builder.Services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<DevMailbox>());
            // A peer that is away is left out at once: no retries, a short wait (its outage must not
            // slow everyone's mail). RemoveAllResilienceHandlers is the documented opt-out, marked experimental.
#pragma warning disable EXTEXP0001
            builder.Services.AddHttpClient(DevMailboxApi.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(3)).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        }

        return builder;
    }
}
