using FlexPlatform.Web.Api;
using ConsoleAuditLog = FlexPlatform.ServiceDefaults.Security.StaffAuditLog;
using ConsoleAuditQuery = FlexPlatform.ServiceDefaults.Security.AuditQuery;
using FlexPlatform.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FlexPlatform.Web.Pages.Staff;

/// <summary>
/// Admins only: the audit log of every service (each keeps its own, read through the gateway) and of the console's
/// staff management (staffdb), merged newest first. A page of the merge needs at most that many rows from each.
/// </summary>
public sealed class AuditModel([FromKeyedServices(StaffConsoleExtensions.StaffApi)] ApiClient api, ConsoleAuditLog console) : PageModel
{
    public const int PageSize = 50;

    public sealed record Entry(string Where, DateTimeOffset At, string Staff, string Role, string Action, string Route, string? Target, int? Status);

    [BindProperty(SupportsGet = true, Name = "staff")]
    public string? Staff { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Entry> Entries { get; private set; } = [];

    public List<string> Unavailable { get; } = [];

    public string Link(int page) => $"/staff/audit?staff={Uri.EscapeDataString(Staff ?? "")}&q={Uri.EscapeDataString(Q ?? "")}&page={page}";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 100);
        var staff = string.IsNullOrWhiteSpace(Staff) ? null : Staff.Trim();
        var q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim()[..Math.Min(Q.Trim().Length, 200)];
        // Enough newest rows from each log for this page of the merge (the API pages by 100 at most).
        var wanted = PageNumber * PageSize;
        var reads = new (string Where, Func<GatewayApi, int, CancellationToken, Task<IReadOnlyList<AuditEntry>>> Read)[]
        {
            ("pledges", (g, p, ct) => g.PledgesAudit_ListAsync(staff, q, p, 100, ct)),
            ("coalition", (g, p, ct) => g.CoalitionAudit_ListAsync(staff, q, p, 100, ct)),
            ("content", (g, p, ct) => g.ContentAudit_ListAsync(staff, q, p, 100, ct)),
            ("engagement", (g, p, ct) => g.EngagementAudit_ListAsync(staff, q, p, 100, ct)),
        };
        var services = await Task.WhenAll(reads.Select(r => ReadAsync(r.Where, r.Read, wanted, cancellationToken)));
        var own = new List<Entry>();
        for (var page = 1; own.Count < wanted; page++)
        {
            var rows = await console.ListAsync(new ConsoleAuditQuery(staff, q, page, 100), cancellationToken);
            own.AddRange(rows.Select(e => new Entry("console", e.At, e.Staff, e.Role, e.Action, e.Route, e.Target, e.Status)));
            if (rows.Count < 100)
            {
                break;
            }
        }

        Entries = services.SelectMany(s => s).Concat(own).OrderByDescending(e => e.At).Skip(wanted - PageSize).Take(PageSize).ToList();
    }

    private async Task<List<Entry>> ReadAsync(string where, Func<GatewayApi, int, CancellationToken, Task<IReadOnlyList<AuditEntry>>> read, int wanted, CancellationToken cancellationToken)
    {
        var entries = new List<Entry>();
        for (var page = 1; entries.Count < wanted; page++)
        {
            var rows = await api.ReadAsync((g, ct) => read(g, page, ct), cancellationToken);
            if (rows is null)
            {
                lock (Unavailable)
                {
                    Unavailable.Add(where);
                }

                break;
            }

            entries.AddRange(rows.Select(e => new Entry(where, e.At, e.Staff, e.Role, e.Action, e.Route, e.Target, e.Status)));
            if (rows.Count < 100)
            {
                break;
            }
        }

        return entries;
    }
}
