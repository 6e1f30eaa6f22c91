namespace FlexPlatform.Web.Staff;

/// <summary>A member of staff as the console lists them.</summary>
public sealed record StaffMember(string Email, string Role, string AddedBy, DateTimeOffset AddedAt, DateTimeOffset? LastSignedInAt, int SessionVersion);
