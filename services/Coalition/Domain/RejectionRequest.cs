using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Coalition.Domain;

/// <summary>The body of <c>POST /api/coalition/applications/{id}/reject</c>: the reason is mailed to the contact.</summary>
public sealed record RejectionRequest(string? Reason)
{
    public FieldErrors Validate() => new FieldErrors().Required("reason", Reason, 2000);
}
