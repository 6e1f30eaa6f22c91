using System.Net;
using FlexPlatform.Domain;
using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// Admins only: find a supporter by email (normalized, exact: no browsing), mail them a new confirmation link (while
/// pending) or their manage link, or erase their personal data, confirmed twice (the address typed again, then the
/// browser's question) and audited by Pledge; export everyone who consented to updates as CSV.
/// </summary>
public sealed class SupportersModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api, StaffDownloads downloads) : FormPageModel
{
    [BindProperty(SupportsGet = true, Name = "email")]
    public string? Email { get; set; }

    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? ConfirmEmail { get; set; }

    public bool Searched { get; private set; }

    public SupporterRecord? Supporter { get; private set; }

    public IReadOnlyList<ErasureRecord>? Erasures { get; private set; }

    public string? Outcome { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Email))
        {
            if (!EmailAddress.IsValid(Email.Trim()))
            {
                ShowFieldError("email", "Enter an email address like name@example.org.");
            }
            else
            {
                Searched = true;
                // Answered or refused rather than a read's "nothing": with Pledge away, "no supporter" would be a wrong answer.
                var found = await api.SendAsync((g, ct) => g.Supporters_FindAsync(Email.Trim(), ct), cancellationToken);
                if (found.Ok)
                {
                    Supporter = found.Value;
                }
                else if (found.Status != HttpStatusCode.NotFound)
                {
                    ShowProblem(found);
                }
            }
        }

        Erasures = await api.ReadAsync((g, ct) => g.Erasure_ListAsync(1, 20, ct), cancellationToken);
    }

    /// <summary>Every confirmed supporter who consented to updates, as CSV, as Pledge writes it.</summary>
    public Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken) =>
        downloads.PassThroughAsync("/api/pledges/supporters/export.csv", $"supporters-consenting-{DateTime.UtcNow:yyyy-MM-dd}.csv", HttpContext, cancellationToken);

    /// <summary>A pending supporter gets a new confirmation link, anyone else a new manage link (Pledge decides, unthrottled).</summary>
    public async Task<IActionResult> OnPostLinkAsync(CancellationToken cancellationToken)
    {
        var sent = await api.SendAsync((g, ct) => g.Supporters_SendLinkAsync(new ManageLinkRequest { Email = Email }, ct), cancellationToken);
        if (sent.Ok)
        {
            Outcome = sent.Value!.Sent == "confirmation"
                ? $"A new confirmation link (with their manage link) is on its way to {Email}."
                : $"Their manage link is on its way to {Email}.";
        }
        else
        {
            ShowProblem(sent);
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken cancellationToken)
    {
        if (!string.Equals(EmailAddress.IsValid(ConfirmEmail) ? EmailAddress.Normalize(ConfirmEmail!) : null, EmailAddress.IsValid(Email) ? EmailAddress.Normalize(Email!) : "", StringComparison.Ordinal))
        {
            ShowFieldError("confirmEmail", "Type the same address as above to confirm.");
            await OnGetAsync(cancellationToken);
            return Page();
        }

        var erased = await api.SendAsync((g, ct) => g.Erasure_EraseAsync(new ErasureRequest { Email = Email, Reference = Reference }, ct), cancellationToken);
        if (!erased.Ok)
        {
            ShowProblem(erased);
            await OnGetAsync(cancellationToken);
            return Page();
        }

        Outcome = erased.Value!.Erased
            ? $"Erased: {Email}'s personal data is gone here, and the other services are told."
            : $"No pledge with {Email}; the other services are told to erase whatever they hold.";
        var erasedEmail = Email;
        Email = null;
        await OnGetAsync(cancellationToken);
        Email = erasedEmail;
        return Page();
    }
}
