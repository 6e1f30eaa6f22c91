namespace FlexPlatform.ServiceDefaults.Security;

/// <summary>
/// What each member of staff may do. Admins may do everything and manage staff; moderators work the queues;
/// editors write posts, events, petitions, bills and ideas. A policy is named for its role and admits admins too.
/// </summary>
public static class StaffRoles
{
    public const string Admin = "admin";
    public const string Moderator = "moderator";
    public const string Editor = "editor";

    /// <summary>The policy any member of staff meets (the overview).</summary>
    public const string AnyStaff = "staff";

    public static readonly IReadOnlyList<string> All = [Admin, Moderator, Editor];

    /// <summary>Each policy with the roles it admits, as services enforce them and their documents state them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Policies = new Dictionary<string, string[]>
    {
        [Admin] = [Admin],
        [Moderator] = [Admin, Moderator],
        [Editor] = [Admin, Editor],
        [AnyStaff] = [Admin, Moderator, Editor],
    };

    /// <summary>The roles every one of these policies admits (each named for a role; an unnamed policy asks for admin).</summary>
    public static IReadOnlyList<string> Admitted(IEnumerable<string?> policies) =>
        policies.Select(p => Policies.TryGetValue(p ?? Admin, out var roles) ? roles : [Admin])
            .Aggregate((IEnumerable<string>)All, (admitted, roles) => admitted.Intersect(roles))
            .ToList();

    public static bool IsRole(string? role) => role is not null && All.Contains(role);
}
