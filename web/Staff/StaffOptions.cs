using System.ComponentModel.DataAnnotations;

namespace FlexPlatform.Web.Staff;

/// <summary>Staff console settings (<c>Staff</c>).</summary>
public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>Addresses that are admins from the start (local development: <c>admin@example.org</c>). They can then invite others.</summary>
    public IList<string> FirstAdmins { get; } = [];

    /// <summary>How long a mailed sign-in link works.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a session lasts without use (each request renews it).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan SessionIdle { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sign-in links one address may ask for per hour (each is a mail).</summary>
    [Range(1, 100)]
    public int LinksPerHour { get; set; } = 5;
}
