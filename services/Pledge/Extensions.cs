using FlexPlatform.Coalition.Grpc;
using FlexPlatform.Contracts;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Data;
using FlexPlatform.Pledge.Import;
using FlexPlatform.Pledge.Live;
using FlexPlatform.Pledge.Organizations;
using FlexPlatform.Pledge.Reads;
using FlexPlatform.Pledge.Updates;
using FlexPlatform.ServiceDefaults.Abuse;
using FlexPlatform.ServiceDefaults.Data;
using FlexPlatform.ServiceDefaults.Messaging;
using FlexPlatform.ServiceDefaults.Mail;
using FlexPlatform.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Pledge;

public static class Extensions
{
    public static IHostApplicationBuilder AddPledgeServices(this IHostApplicationBuilder builder)
    {
        // Data: the supporters and their outbox live in one database.
        builder.AddPostgresDatabase("pledgedb", typeof(Extensions).Assembly);
        // Internal gRPC calls carry a service credential (ServiceAuth:Key) and are refused without one.
        builder.AddServiceCredentials();
        builder.DescribeApiTags(("Pledges", "Take the pledge, confirm it, manage or withdraw it; the live count toward one million, its stats and the supporters wall."));
        builder.AddUnconfirmedDataPurge(new UnconfirmedRows("pending pledges", "supporters", "status = 'pending' AND coalesce(last_mailed_at, created_at) < @cutoff"));
        builder.Services.AddSingleton<SupporterStore>();
        // Group commit: concurrent pledges share a transaction, and so do concurrent confirmations.
        builder.Services.AddSingleton<PledgeWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PledgeWriter>());
        builder.Services.AddSingleton<ConfirmationWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConfirmationWriter>());

        // Cache: the public counter, rebuilt from PostgreSQL whenever Redis lost it.
        builder.AddRedisCache("cache");
        builder.Services.AddOptions<CounterOptions>().BindConfiguration(CounterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PledgeCounter>();
        builder.Services.AddHostedService<CounterReconciler>();
        builder.Services.AddSingleton<TotalBroadcaster>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TotalBroadcaster>());
        builder.Services.AddSingleton<SnapshotCache>();
        builder.Services.AddSingleton<PublicReads>();
        builder.Services.AddSingleton<StaffOverview>();
        builder.Services.AddSingleton<SupporterLookup>();
        builder.Services.AddSingleton<SupporterExport>();
        builder.Services.AddSingleton<CountedSupporters>();
        builder.Services.AddSingleton<SupporterProfiles>();

        // Writes beyond the pledge itself: the manage link and bulk import.
        builder.Services.AddSingleton<ManageStore>();
        builder.Services.AddSingleton<SupporterImporter>();

        // Abuse controls that need shared state; the per-client limit lives in the gateway.
        builder.AddEmailRateLimit("pledge");

        // Organization codes belong to Coalition: asked over gRPC (services__coalition__grpc__0).
        builder.Services.AddGrpcClient<Members.MembersClient>(o => o.Address = new Uri("http://_grpc.coalition")).WithServiceCredential();
        builder.Services.AddSingleton<OrganizationDirectory>();

        // Messaging: PledgeConfirmed, PledgeWithdrawn and SupportersImported leave through the outbox; each replica
        // hears OrganizationRemoved on a temporary queue of its own, to forget the codes it remembers,
        // and MilestoneReached and PetitionOpened on durable queues, to draft updates.
        builder.AddMessaging(new EventRoutes(Subscriptions.Durable, Subscriptions.Filtered, Subscriptions.RoutingKey), bus =>
        {
            bus.AddConsumer<OrganizationRemovedConsumer>().Endpoint(e => e.Temporary = true);
            bus.AddConsumer<MilestoneReachedConsumer>();
            bus.AddConsumer<PetitionOpenedConsumer>();
        });

        // Mail: a dev mailbox outside Production (merging every service's), SMTP in Production.
        builder.AddMail();

        // Updates to supporters who asked for them, fed to the mail outbox at Updates:MailsPerSecond; their
        // unsubscribe tokens are keyed hashes (Hashing:Key), stored nowhere.
        builder.AddKeyedHash();
        builder.Services.AddOptions<UpdatesOptions>().BindConfiguration(UpdatesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UnsubscribeTokens>();
        builder.Services.AddSingleton<UpdateStore>();
        builder.Services.AddSingleton(sp => new UpdateMail(
            sp.GetRequiredService<IOptions<MailOptions>>().Value, sp.GetRequiredService<IOptions<UpdatesOptions>>().Value, sp.GetRequiredService<UnsubscribeTokens>()));
        builder.Services.AddHostedService<UpdateSender>();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddGrpc();
        return builder;
    }
}
