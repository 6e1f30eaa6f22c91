using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Security;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>Admins only: who is staff, in which role; invite, change a role, remove. The last admin cannot be demoted or removed.</summary>
public sealed class PeopleModel(StaffStore store, ILogger<PeopleModel> logger) : FormPageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    public IReadOnlyList<StaffMember> Members { get; private set; } = [];

    public string? Outcome { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Members = await store.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (!EmailAddress.IsValid(Email))
        {
            ShowFieldError("email", "Enter an email address like name@example.org.");
        }
        else if (!StaffRoles.IsRole(Role))
        {
            ShowFieldError("role", "Choose admin, moderator or editor.");
        }
        else
        {
            var email = EmailAddress.Normalize(Email!);
            Answer(await store.InviteAsync(email, Role!, User.Email(), cancellationToken), $"{email} is {Role} now, and has a sign-in link by mail.", email);
        }

        return await PageAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRoleAsync(CancellationToken cancellationToken)
    {
        if (!StaffRoles.IsRole(Role) || string.IsNullOrEmpty(Email))
        {
            ShowFieldError("role", "Choose admin, moderator or editor.");
        }
        else
        {
            Answer(await store.ChangeRoleAsync(Email, Role!, cancellationToken), $"{Email} is {Role} now.", Email);
        }

        return await PageAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        Answer(await store.RemoveAsync(Email ?? "", cancellationToken), $"{Email} is no longer staff.", Email ?? "");
        return await PageAsync(cancellationToken);
    }

    private void Answer(StaffChange change, string done, string email)
    {
        switch (change)
        {
            case StaffChange.Done:
                logger.LogInformation("{Admin} changed staff member {Email}: {Change}", User.Email(), email, done);
                Outcome = done;
                break;
            case StaffChange.AlreadyStaff:
                ShowFieldError("email", $"{email} is staff already: change their role in the list.");
                break;
            case StaffChange.LastAdmin:
                Problem = "The console needs at least one admin: make someone else admin first.";
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            default:
                Problem = $"{email} is not staff.";
                Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private async Task<IActionResult> PageAsync(CancellationToken cancellationToken)
    {
        Members = await store.ListAsync(cancellationToken);
        return Page();
    }
}
