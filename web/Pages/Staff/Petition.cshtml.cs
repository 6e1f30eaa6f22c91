using FlexPlatform.Web.Api;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// Moderators invalidate a petition's fraudulent signatures, as e-petitions does: pick them by email domain or by the
/// window they were signed in, see how many that takes (changing nothing), then invalidate exactly those (nothing signed
/// after the preview). Counts
/// everywhere drop by what was taken; pending matches are invalidated too, so they never count later.
/// </summary>
public sealed class PetitionModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api) : FormPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = "";

    [BindProperty] public string? EmailDomain { get; set; }
    [BindProperty] public DateTime? From { get; set; }
    [BindProperty] public DateTime? To { get; set; }

    /// <summary>The preview's instant: the invalidation takes no signature made after what was previewed.</summary>
    [BindProperty] public DateTimeOffset? SignedUpTo { get; set; }

    public PetitionDetail? Petition { get; private set; }

    public InvalidationPreview? Preview { get; private set; }

    public string? Outcome { get; private set; }

    public string? FromInput => UtcInputs.Value(From);

    public string? ToInput => UtcInputs.Value(To);

    /// <summary>The rule in words, as the preview and the button name it.</summary>
    public string Rule => EmailDomain is { Length: > 0 } domain
        ? $"signed with an address at {domain.Trim().ToLowerInvariant()}"
        : $"signed from {From:d MMM yyyy HH:mm} to {To:d MMM yyyy HH:mm} UTC";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Petition = await api.ReadAsync((g, ct) => g.Petitions_GetAsync(Slug, ct), cancellationToken);
        return Petition is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        var preview = await api.SendAsync((g, ct) => g.Petitions_PreviewInvalidationAsync(Slug, Chosen(), ct), cancellationToken);
        if (preview.Ok)
        {
            Preview = preview.Value;
        }
        else
        {
            ShowProblem(preview);
        }

        return await OnGetAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostInvalidateAsync(CancellationToken cancellationToken)
    {
        var chosen = Chosen();
        chosen.SignedUpTo = SignedUpTo;
        var done = await api.SendAsync((g, ct) => g.Petitions_InvalidateAsync(Slug, chosen, ct), cancellationToken);
        if (done.Ok)
        {
            Outcome = $"Invalidated {done.Value!.Invalidated:N0} signatures {Rule}; the petition has {done.Value.Signatures:N0} now.";
            (EmailDomain, From, To) = (null, null, null);
        }
        else
        {
            ShowProblem(done);
        }

        return await OnGetAsync(cancellationToken);
    }

    // The form's one rule: a domain, or a window (both ends as UTC); whichever the staff member filled in.
    private InvalidationRequest Chosen() => string.IsNullOrWhiteSpace(EmailDomain)
        ? new InvalidationRequest { From = UtcInputs.Instant(From), To = UtcInputs.Instant(To) }
        : new InvalidationRequest { EmailDomain = EmailDomain.Trim() };
}
