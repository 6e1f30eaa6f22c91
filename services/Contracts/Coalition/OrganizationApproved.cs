namespace FlexPlatform.Contracts.Coalition;

/// <summary>A moderator approved an organization; it is now a public coalition member (Content drafts the news).</summary>
public sealed record OrganizationApproved(Guid OrganizationId, string Slug, string Name, string Kind, string Country);
