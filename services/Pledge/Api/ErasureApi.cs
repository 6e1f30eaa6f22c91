using System.Security.Claims;
using FlexPlatform.Domain;
using FlexPlatform.Pledge.Counting;
using FlexPlatform.Pledge.Data;
using FlexPlatform.Pledge.Reads;
using FlexPlatform.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Pledge.Api;

public sealed record ErasureRequest(string? Email, string? Reference);

/// <summary>
/// Admin only (checked here and at the gateway): erase a person by email, for a request that came by letter or
/// phone, exactly as their own manage link would; every erasure is recorded with the admin and the request.
/// </summary>
public static class ErasureApi
{
    public static RouteGroupBuilder MapErasureApi(this RouteGroupBuilder pledges)
    {
        var erasures = pledges.MapGroup("/erasures").RequireAdmin();
        erasures.MapPost("/", EraseAsync)
            .WithSummary("Erase a supporter's personal data by email address, audited");
        erasures.MapGet("/", ListAsync)
            .WithSummary("List the erasures made by staff");
        return pledges;
    }

    public static async Task<Results<Ok<Erasure>, ValidationProblem>> EraseAsync(
        ErasureRequest request, ClaimsPrincipal user, ManageStore store, PledgeCounter counter, PublicReads reads, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors()
            .When(!EmailAddress.IsValid(request.Email?.Trim()), "email", "The address of the person to erase.")
            .When(string.IsNullOrWhiteSpace(request.Reference) || request.Reference.Length > 200, "reference", "Where the request is filed (a ticket, a letter's date), up to 200 characters.");
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var admin = user.StaffName();
        var email = request.Email!.Trim();
        var erasure = await store.EraseByEmailAsync(email, EmailAddress.Normalize(email), admin, request.Reference!.Trim(), cancellationToken);
        if (erasure.StoppedCounting)
        {
            await counter.PublishAfterCommitAsync();
        }

        if (erasure.Erased)
        {
            await reads.ForgetRecentAsync();
        }

        return TypedResults.Ok(erasure);
    }

    public static async Task<Results<Ok<IReadOnlyList<ErasureRecord>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, ManageStore store, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Paging(page, pageSize);
        return errors.IsValid
            ? TypedResults.Ok(await store.ListErasuresAsync(page ?? 1, pageSize ?? 50, cancellationToken))
            : TypedResults.ValidationProblem(errors.ToDictionary());
    }
}
