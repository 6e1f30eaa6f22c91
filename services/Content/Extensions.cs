using FlexPlatform.Content.Consumers;
using FlexPlatform.Content.Data;
using FlexPlatform.Content.Domain;
using FlexPlatform.Content.Moderation;
using FlexPlatform.Content.Publishing;
using FlexPlatform.Contracts;
using FlexPlatform.Domain.Text;
using FlexPlatform.Pledge.Grpc;
using FlexPlatform.ServiceDefaults.Data;
using FlexPlatform.ServiceDefaults.Messaging;
using FlexPlatform.ServiceDefaults.Security;

namespace FlexPlatform.Content;

public static class Extensions
{
    public static IHostApplicationBuilder AddContentServices(this IHostApplicationBuilder builder)
    {
        // Data: posts, stories, comments and their outbox in one database.
        builder.AddPostgresDatabase("contentdb", typeof(Extensions).Assembly);
        // Internal gRPC calls carry a service credential (ServiceAuth:Key) and are refused without one.
        builder.AddServiceCredentials();
        builder.DescribeApiTags(
            ("Posts", "News and trends the movement publishes, with RSS and Atom feeds."),
            ("Stories", "Supporters' own stories of flexible work, reviewed before they are shown."),
            ("Comments", "Comments on posts, and reports of comments that break the rules."),
            ("Moderation", "Stories and comments held for a person to review."));
        builder.AddUnconfirmedDataPurge(
            new UnconfirmedRows("unverified stories", "stories", "status = 'pending' AND submitted_at < @cutoff"),
            new UnconfirmedRows("unverified comments", "comments", "status = 'pending' AND submitted_at < @cutoff"),
            new UnconfirmedRows("unconfirmed reports", "comment_reports", "verified_at IS NULL AND token_hash IS NOT NULL AND reported_at < @cutoff"));
        builder.Services.AddSingleton<PostStore>();
        builder.Services.AddSingleton<StoryStore>();
        builder.Services.AddSingleton<CommentStore>();
        builder.Services.AddSingleton<ModerationStore>();

        // Reporters and clients are known by keyed hashes (Hashing:Key), never by their address.
        builder.AddKeyedHash();

        // Rendering: Markdown and plain text to sanitized HTML.
        builder.Services.AddSingleton<ContentSanitizer>();
        builder.Services.AddSingleton<MarkdownRenderer>();

        // Scheduling: due posts published by whichever replica claims them first.
        builder.Services.AddHostedService<ScheduledPublisher>();

        // Messaging: news drafts from other services' events; an erased person's stories and comments go.
        builder.AddMessaging(new EventRoutes(Subscriptions.Durable, Subscriptions.Filtered, Subscriptions.RoutingKey), bus =>
        {
            bus.AddConsumer<MilestoneReachedConsumer>();
            bus.AddConsumer<OrganizationApprovedConsumer>();
            bus.AddConsumer<LegislationAdvancedConsumer>();
            bus.AddConsumer<PetitionGoalReachedConsumer>();
            bus.AddConsumer<SupporterErasedConsumer>();
        });

        // Spam scoring asks Pledge whether an author is a confirmed supporter (services__pledge__grpc__0).
        builder.Services.AddGrpcClient<Supporters.SupportersClient>(o => o.Address = new Uri("http://_grpc.pledge")).WithServiceCredential();
        builder.Services.AddSingleton<SupporterCheck>();

        // Mail: verification links, through this service's own dev mailbox outside Production.
        builder.AddMail();
        return builder;
    }
}
