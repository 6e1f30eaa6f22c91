using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Data;
using FlexPlatform.Pledge.Mail;

namespace FlexPlatform.Pledge;

public static class Extensions
{
    public static IHostApplicationBuilder AddPledgeServices(this IHostApplicationBuilder builder)
    {
        // Data: the supporters and their outbox live in one database.
        builder.AddPostgresDatabase("pledgedb", typeof(Extensions).Assembly);
        builder.Services.AddSingleton<SupporterStore>();

        // Cache: the public counter, rebuilt from PostgreSQL whenever Redis lost it.
        builder.AddRedisCache("cache");
        builder.Services.AddOptions<CounterOptions>().BindConfiguration(CounterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PledgeCounter>();
        builder.Services.AddHostedService<CounterReconciler>();

        // Messaging: PledgeConfirmed leaves through the outbox.
        builder.AddMessaging();

        // Mail: a dev mailbox outside Production, SMTP in Production.
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (builder.Environment.IsProduction())
        {
            builder.Services.AddSingleton<IMailSender, SmtpMailSender>();
        }
        else
        {
            builder.Services.AddSingleton<IMailSender, DevMailbox>();
            builder.Services.AddSingleton(sp => (DevMailbox)sp.GetRequiredService<IMailSender>());
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddGrpc();
        return builder;
    }
}
