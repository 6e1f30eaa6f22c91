namespace FlexPlatform.Contracts.Engagement;

public sealed record EventCancelled(Guid EventId, string Slug, string Reason, DateTimeOffset CancelledAt);
