namespace FlexPlatform.Contracts.Content;

/// <summary>A moderator approved a supporter's story; it is now public.</summary>
public sealed record StoryPublished(Guid StoryId, string Slug, string Title, DateTimeOffset PublishedAt);
