using FlexPlatform.Domain;
using FlexPlatform.ServiceDefaults.Security;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>Admins only: who is staff, in which role; invite, change a role, remove. The last admin cannot be demoted or removed.</summary>
public sealed class PeopleModel(StaffStore store, StaffAuditLog audit) : FormPageModel
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
            await AnswerAsync(await store.InviteAsync(email, Role!, User.Email(), cancellationToken), "Invite a member of staff", $"email={email}, role={Role}", $"{email} is {Role} now, and has a sign-in link by mail.", email, cancellationToken);
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
            await AnswerAsync(await store.ChangeRoleAsync(Email, Role!, cancellationToken), "Change a member of staff's role", $"email={Email}, role={Role}", $"{Email} is {Role} now.", Email, cancellationToken);
        }

        return await PageAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        await AnswerAsync(await store.RemoveAsync(Email ?? "", cancellationToken), "Remove a member of staff", $"email={Email}", $"{Email} is no longer staff.", Email ?? "", cancellationToken);
        return await PageAsync(cancellationToken);
    }

    // Staff management is the console's own write (not an API call): audited here, in staffdb's log.
    private async Task AnswerAsync(StaffChange change, string action, string target, string done, string email, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case StaffChange.Done:
                Outcome = done;
                break;
            case StaffChange.AlreadyStaff:
                ShowFieldError("email", $"{email} is staff already: change their role in the list.");
                Response.StatusCode = StatusCodes.Status409Conflict;
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

        await audit.RecordAsync(User.Email(), User.Role(), action, "POST /staff/people", target, Response.StatusCode, cancellationToken);
    }

    private async Task<IActionResult> PageAsync(CancellationToken cancellationToken)
    {
        Members = await store.ListAsync(cancellationToken);
        return Page();
    }
}
