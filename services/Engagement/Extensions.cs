using FlexPlatform.Contracts;
using FlexPlatform.Domain.Text;
using FlexPlatform.Engagement.Clients;
using FlexPlatform.Engagement.Consumers;
using FlexPlatform.Engagement.Data;
using FlexPlatform.Engagement.Events;
using FlexPlatform.Engagement.Live;
using FlexPlatform.Engagement.Milestones;
using FlexPlatform.Pledge.Grpc;
using FlexPlatform.ServiceDefaults.Abuse;
using FlexPlatform.ServiceDefaults.Data;
using FlexPlatform.ServiceDefaults.Messaging;
using FlexPlatform.ServiceDefaults.Security;

namespace FlexPlatform.Engagement;

public static class Extensions
{
    public static IHostApplicationBuilder AddEngagementServices(this IHostApplicationBuilder builder)
    {
        // Data: one store per aggregate over the service's own database; each query aliases its snake_case columns.
        builder.AddPostgresDatabase("engagementdb", typeof(Extensions).Assembly);
        // Internal gRPC calls carry a service credential (ServiceAuth:Key) and are refused without one.
        builder.AddServiceCredentials();
        builder.DescribeApiTags(
            ("Events", "Events with RSVPs, a waitlist, reminders and iCalendar files."),
            ("Petitions", "Petitions with confirmed signatures and a live count."),
            ("Legislation", "Bills for flexible work the movement tracks, stage by stage."),
            ("Ideas", "Ways a supporter can get involved."),
            ("Referrals", "How many supporters each supporter's referral code brought in."),
            ("Milestones", "Counts the movement has reached."));
        builder.AddUnconfirmedDataPurge(
            new UnconfirmedRows("unconfirmed RSVPs", "rsvps", "status = 'pending' AND last_mailed_at < @cutoff"),
            new UnconfirmedRows("unconfirmed signatures", "signatures", "status = 'pending' AND last_mailed_at < @cutoff"));
        builder.Services.AddSingleton<EventStore>();
        builder.Services.AddSingleton<PetitionStore>();
        builder.Services.AddSingleton<LegislationStore>();
        builder.Services.AddSingleton<IdeaStore>();
        builder.Services.AddSingleton<AttendeeStore>();
        builder.Services.AddSingleton<ReferralStore>();
        // Anti-entropy: confirmed_supporters compared with Pledge every hour and repaired where it drifted.
        builder.AddProjection<ReferralProjection>();
        builder.Services.AddSingleton<MilestoneStore>();

        // Cache: Redis carries "a petition's count moved" notices to every replica's open streams.
        builder.AddRedisCache("cache");
        builder.Services.AddSingleton<SignatureBroadcaster>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SignatureBroadcaster>());

        // Abuse: per-email limit on RSVPs and signatures across replicas; the per-client limit lives in the gateway.
        builder.AddEmailRateLimit("engagement");

        // Messaging: pledge events in through the inbox, Engagement's own events out through the outbox.
        builder.AddMessaging(new EventRoutes(Subscriptions.Durable, Subscriptions.Filtered, Subscriptions.RoutingKey), bus =>
        {
            bus.AddConsumer<PledgeConfirmedConsumer>(MessagingExtensions.Batched);
            bus.AddConsumer<PledgeWithdrawnConsumer>();
            bus.AddConsumer<SupportersImportedConsumer>();
            bus.AddConsumer<SupporterErasedConsumer>();
        });

        // gRPC to Pledge over its h2c endpoint, found by service discovery (services__pledge__grpc__0).
        builder.Services.AddGrpcClient<Supporters.SupportersClient>(o => o.Address = new Uri("http://_grpc.pledge")).WithServiceCredential();
        builder.Services.AddSingleton<SupporterDirectory>();

        // Mail: RSVP and signature links, waitlist promotions, reminders (dev mailbox outside Production).
        builder.AddMail();
        builder.Services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<ReminderSender>();

        // Domain services.
        builder.Services.AddSingleton<ContentSanitizer>();
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<MilestoneWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MilestoneWatcher>());
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
