using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Mail for every service in one shape: SMTP in Production, a dev mailbox everywhere else.</summary>
public static class MailExtensions
{
    public const string DevMailboxPath = "/api/dev/mailbox";

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
        }

        return builder;
    }

    /// <summary>Outside Production only: the mail this service "sent", to follow links locally.</summary>
    public static WebApplication MapDevMailbox(this WebApplication app)
    {
        if (!app.Environment.IsProduction())
        {
            app.MapGet(DevMailboxPath, ReadDevMailboxAsync).WithTags("Development");
        }

        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<DevMail>>, ValidationProblem>> ReadDevMailboxAsync(
        string? to, DevMailbox mailbox, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(to) || to.Length > 254)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["An email address is required."] });
        }

        return TypedResults.Ok(await mailbox.ReadAsync(to, cancellationToken));
    }
}
