using FlexPlatform.Domain;
using FlexPlatform.Pledge.Data;
using FlexPlatform.Pledge.Mail;
using FlexPlatform.Pledge.Reads;
using FlexPlatform.ServiceDefaults.Http;
using FlexPlatform.ServiceDefaults.Validation;
using FlexPlatform.ServiceDefaults.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FlexPlatform.Pledge.Api;

/// <summary>
/// Admins find one supporter by email (the staff console's Supporters page), mail them a new link, and export those
/// who agreed to updates; checked here and at the gateway.
/// </summary>
public static class SupportersApi
{
    public static RouteGroupBuilder MapSupportersApi(this RouteGroupBuilder pledges)
    {
        pledges.MapGet("/supporters/lookup", FindAsync).RequireAdmin()
            .WithSummary("Find a supporter by email address (normalized, exact)");
        pledges.MapPost("/supporters/links", SendLinkAsync).RequireAdmin()
            .WithSummary("Mail a supporter a new confirmation link (pending) or manage link, unthrottled");
        pledges.MapGet("/supporters/export.csv", Export).RequireAdmin().Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("Confirmed supporters who consented to updates, as CSV, streamed");
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

    /// <summary>What an admin's mail to a supporter carried: "confirmation" (their pledge was pending) or "manage-link".</summary>
    public sealed record LinkSent(string Sent);

    public static async Task<Results<Accepted<LinkSent>, ValidationProblem, ProblemHttpResult>> SendLinkAsync(
        ManageLinkRequest request, ManageStore store, IOptions<MailOptions> mailOptions, CancellationToken cancellationToken)
    {
        if (!EmailAddress.IsValid(request.Email?.Trim()))
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("email", "An email address.").ToDictionary());
        }

        var sent = await store.SendLinkForStaffAsync(
            EmailAddress.Normalize(request.Email!.Trim()),
            (to, firstName, confirmToken, manageToken) => ConfirmationMail.Create(mailOptions.Value, to, firstName, confirmToken, manageToken),
            (to, firstName, manageToken) => ManageLinkMail.Create(mailOptions.Value, to, firstName, manageToken),
            cancellationToken);
        return sent is null
            ? TypedResults.Problem(title: "No supporter with this email address.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Accepted((string?)null, new LinkSent(sent));
    }

    public static IResult Export(SupporterExport export, CancellationToken cancellationToken) =>
        CsvDownload.Stream(
            "supporters-consenting.csv", ["email", "first_name", "last_name", "country", "region", "postal_code", "pledged_at", "confirmed_at"],
            export.ConsentingAsync(cancellationToken),
            (csv, s) =>
            {
                csv.WriteField(s.Email);
                csv.WriteField(s.FirstName);
                csv.WriteField(s.LastName);
                csv.WriteField(s.Country);
                csv.WriteField(s.Region);
                csv.WriteField(s.PostalCode);
                csv.WriteField(CsvDownload.Utc(s.PledgedAt));
                csv.WriteField(CsvDownload.Utc(s.ConfirmedAt));
            }, cancellationToken);
}
