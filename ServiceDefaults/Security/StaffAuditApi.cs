using System.Globalization;
using FlexPlatform.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace FlexPlatform.ServiceDefaults.Security;

/// <summary>
/// Admins read this service's audit log at <c>{prefix}/audit</c> (under the service's own API prefix, so the gateway
/// routes it): newest first, by member of staff (<c>staff</c>) and words (<c>q</c>). The console merges every service's.
/// </summary>
public static class StaffAuditApi
{
    public static IEndpointRouteBuilder MapStaffAuditApi(this IEndpointRouteBuilder app, string prefix)
    {
        var service = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(prefix.TrimEnd('/')[(prefix.TrimEnd('/').LastIndexOf('/') + 1)..]);
        app.MapGet($"{prefix.TrimEnd('/')}/audit", ListAsync).RequireAdmin().WithTags("Operations")
            // One operation id per service: the gateway's merged document holds all four.
            .WithName($"{service}Audit_List")
            .WithSummary("Staff writes to this service: who, as what, what, on which object, and the answer");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ValidationProblem>> ListAsync(
        string? staff, string? q, int? page, int? pageSize, StaffAuditLog log, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Paging(page, pageSize)
            .When(staff is { Length: > 254 }, "staff", "At most 254 characters.")
            .When(q is { Length: > 200 }, "q", "At most 200 characters.");
        return errors.IsValid
            ? TypedResults.Ok(await log.ListAsync(new AuditQuery(Blank(staff), Blank(q), page ?? 1, pageSize ?? 50), cancellationToken))
            : TypedResults.ValidationProblem(errors.ToDictionary());
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
