using FlexPlatform.Domain;
using FlexPlatform.Pledge.Reads;
using FlexPlatform.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Pledge.Api;

/// <summary>Admins find one supporter by email (the staff console's Supporters page), here and at the gateway.</summary>
public static class SupportersApi
{
    public static RouteGroupBuilder MapSupportersApi(this RouteGroupBuilder pledges)
    {
        pledges.MapGet("/supporters/lookup", FindAsync).RequireAdmin()
            .WithSummary("Find a supporter by email address (normalized, exact)");
        return pledges;
    }

    public static async Task<Results<Ok<SupporterRecord>, ValidationProblem, ProblemHttpResult>> FindAsync(
        string? email, SupporterLookup lookup, CancellationToken cancellationToken)
    {
        if (!EmailAddress.IsValid(email?.Trim()))
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("email", "An email address.").ToDictionary());
        }

        return await lookup.FindAsync(EmailAddress.Normalize(email!.Trim()), cancellationToken) is { } supporter
            ? TypedResults.Ok(supporter)
            : TypedResults.Problem(title: "No supporter with this email address.", statusCode: StatusCodes.Status404NotFound);
    }
}
