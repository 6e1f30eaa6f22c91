namespace FlexPlatform.Contracts.Content;

/// <summary>A post became public.</summary>
public sealed record PostPublished(Guid PostId, string Slug, string Kind, string Title, DateTimeOffset PublishedAt);
