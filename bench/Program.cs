using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FlexPlatform.AppHost.Servers;
using FlexPlatform.Bench;
using FlexPlatform.Testing;
using Npgsql;

// The benchmark: `dotnet run -c Release --project bench` (`--quick`: shorter loads; `--reads`: the reads only).
// `--perf`: CPU profiles of the write paths (PerfProfile); `--trace`: dotnet-trace thread-time samples (CpuTrace);
// `--env NAME=VALUE` (repeatable) sets a variable in every service's process, to measure a runtime setting.
// Starts the whole platform durable (fsync on),
// measures with wrk and pgbench on this machine, prints the figures. Not part of the test suite.
var duration = TimeSpan.FromSeconds(args.Contains("--quick") ? 5 : 15);
var importRows = args.Contains("--quick") ? 100_000 : 1_000_000;
var runId = Guid.NewGuid().ToString("N")[..8];

// The AppHost's own model under Aspire.Hosting.Testing, durable, with a database for pgbench.
var platform = new PlatformFixture
{
    Durable = true,
    RecordsTraces = true,
    Arguments = ["--Platform:RabbitMqManagement=true"],
    Configure = builder =>
    {
        builder.CreateResourceBuilder<PostgresServerResource>("postgres").AddDatabase("benchdb");
        builder.CreateResourceBuilder<ProjectResource>("gateway")
            .WithEnvironment("Gateway__WritesPerMinute", "1000000")
            .WithEnvironment("Gateway__WritesBurst", "1000000")
            .WithEnvironment("Gateway__ReadsPerMinute", "100000000")
            .WithEnvironment("Gateway__ReadsBurst", "100000000")
            .WithEnvironment("Gateway__StreamsPerClient", "100000");
        // Without W^X double mapping, perf finds compiled code through the perf map.
        (string, string)[] perf = args.Contains(PerfProfile.Flag) ? [("DOTNET_PerfMapEnabled", "1"), ("DOTNET_EnableWriteXorExecute", "0")] : [];
        var environment = perf.Concat(args.Zip(args.Skip(1)).Where(p => p.First == "--env").Select(p => p.Second.Split('=', 2))
            .Select(p => p.Length == 2 ? (p[0], p[1]) : throw new ArgumentException($"--env takes NAME=VALUE, not '{p[0]}'."))).ToList();
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            foreach (var (name, value) in environment)
            {
                builder.CreateResourceBuilder(project).WithEnvironment(name, value);
            }
        }
    },
};
var tokens = platform.Tokens;
Console.WriteLine($"Machine: {Machine.Describe()}");
Console.WriteLine("Starting the platform (durable PostgreSQL, Release build)…");
await platform.InitializeAsync();
await ServerPackages.EnsureInstalledAsync("wrk", () => File.Exists("/usr/bin/wrk"), CancellationToken.None);
var gatewayUrl = platform.Gateway.BaseAddress!.ToString().TrimEnd('/');

var report = new Report();
var processes = new Processes(platform);
var services = new[] { "gateway", "pledge", "coalition", "content", "engagement", "web" };
report.Text("Idle memory after start (RSS)", string.Join(", ", services.Select(s => $"{s} {processes.RssBytes(s) / 1048576.0:0} MiB")));
using var http = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromMinutes(20) };

// 1. Count reads: the gateway (YARP → Pledge → Redis, 1 s output cache) beside bare Kestrel.
var barePort = FreePort.Pick();
var bareRate = 0;
await using (var bare = await BareEndpoint.StartAsync(barePort))
{
    await Wrk.RunAsync($"http://127.0.0.1:{barePort}/", 64, TimeSpan.FromSeconds(3)); // warm-up
    bareRate = report.Load("Bare Kestrel, constant JSON", await Wrk.RunAsync($"http://127.0.0.1:{barePort}/", 64, duration));
}

await Wrk.RunAsync($"{gatewayUrl}/api/pledges/count", 64, TimeSpan.FromSeconds(3));
var countRate = report.Load("GET /api/pledges/count via gateway", await Wrk.RunAsync($"{gatewayUrl}/api/pledges/count", 64, duration));
report.Ratio("count via gateway ÷ bare Kestrel", countRate, bareRate);

// 1b. The web client's home page (server-rendered from five API reads, output-cached at the gateway).
await Wrk.RunAsync($"{gatewayUrl}/", 64, TimeSpan.FromSeconds(3));
var homeRate = report.Load("GET / (home page) via gateway", await Wrk.RunAsync($"{gatewayUrl}/", 64, duration));
report.Ratio("home page ÷ count via gateway", homeRate, countRate);
if (args.Contains("--reads"))
{
    // Reads only: the quick way to measure a change to the read path.
    report.Print();
    await platform.DisposeAsync();
    return 0;
}

// 2. Pledge submissions (validation, per-email limit in Redis, insert with its mail queued) beside pgbench.
var pledgeDb = platform.ConnectionString("pledgedb");
var engagementDb = platform.ConnectionString("engagementdb");
// Warm-up: long enough for the runtime to finish compiling the pledge path at its final tier on two cores.
await Wrk.RunAsync($"{gatewayUrl}/api/pledges", 32, TimeSpan.FromSeconds(10), "pledge.lua", $"{runId}w");
await Statements.ResetAsync(pledgeDb);
LoadResult pledges = null!;
var pledgeCpu = await processes.CpuSharesDuringAsync(async () => pledges = await CpuTrace.DuringAsync(platform, args.Contains("--trace"), ["pledge", "gateway"], duration,
    () => PerfProfile.DuringAsync(platform, args.Contains(PerfProfile.Flag), ["pledge", "gateway"], duration,
        () => Wrk.RunAsync($"{gatewayUrl}/api/pledges", 32, duration, "pledge.lua", runId))));
var pledgeRate = report.Load("POST /api/pledges via gateway", pledges);
report.Text("CPU during the pledge load", pledgeCpu.ToString());
report.Text("CPU per pledge, the platform's processes", pledgeCpu.PerOperation(pledges.Requests));
report.Text("pledgedb statements by time during the pledge load", await Statements.TopAsync(pledgeDb, 5));
var insertRate = report.Rate("PostgreSQL single-row INSERT (pgbench, 32 clients)", await PgBench.SingleRowInsertsPerSecondAsync(platform.ConnectionString("benchdb"), 32, duration));
report.Ratio("pledges via gateway ÷ PostgreSQL inserts", pledgeRate, insertRate);

// 3. Confirmations, and the Confirmation → Engagement lag from the rows' own timestamps.
var confirmTokens = await Database.ConfirmTokensAsync(pledgeDb, 12_000);
var (warmTokens, burstTokens, pacedTokens) = (confirmTokens[..2_000], confirmTokens[2_000..7_000], confirmTokens[7_000..]);
// Warm-up: the confirmation path and every consumer behind it compiled at their final tier before the clock starts
// (in a cold burst the JIT took 36–50 % of Pledge's, Engagement's and Coalition's CPU).
await Parallel.ForEachAsync(warmTokens, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (token, cancellationToken) =>
    (await http.PostAsJsonAsync("/api/pledges/confirm", new { token }, cancellationToken)).EnsureSuccessStatusCode());
await Database.EngagementCaughtUpAsync(pledgeDb, engagementDb);
var burstStart = DateTimeOffset.UtcNow;
var confirmWatch = Stopwatch.StartNew();
await Statements.ResetAsync(pledgeDb);
var backlog = new Backlog(pledgeDb, platform.App.GetEndpoint("messaging", "management"));
var confirmBacklog = "";
var confirmCpu = await processes.CpuSharesDuringAsync(async () => confirmBacklog = await PerfProfile.DuringAsync(platform, args.Contains(PerfProfile.Flag),
    ["pledge", "engagement", "coalition"], TimeSpan.FromSeconds(5), () => backlog.PeaksDuringAsync(() => Parallel.ForEachAsync(burstTokens, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (token, cancellationToken) =>
    (await http.PostAsJsonAsync("/api/pledges/confirm", new { token }, cancellationToken)).EnsureSuccessStatusCode()))));
var burstSeconds = confirmWatch.Elapsed.TotalSeconds;
var confirmRate = report.Rate($"POST /api/pledges/confirm via gateway (HttpClient, 32 concurrent, {burstTokens.Count} confirmations)", burstTokens.Count / burstSeconds);
report.Ratio("confirmations via gateway ÷ PostgreSQL inserts", confirmRate, insertRate);
report.Text("CPU during the confirmation burst", confirmCpu.ToString());
report.Text("CPU per confirmation, the platform's processes", confirmCpu.PerOperation(burstTokens.Count));
report.Text("Where events waited during the burst", confirmBacklog);
report.Text("pledgedb statements by time during the confirmation burst", await Statements.TopAsync(pledgeDb, 5));
var lag = await Database.EventLagAsync(pledgeDb, engagementDb, since: burstStart);
report.Text("Engagement backlog drained after the burst ended", string.Create(CultureInfo.InvariantCulture, $"{confirmWatch.Elapsed.TotalSeconds - burstSeconds:0.0} s"));
report.Text("Confirmation → Engagement lag, during that saturating burst", lag.ToString());

// The same at a steady 1,000 confirmations a second (10 every 10 ms): the lag a watcher normally sees.
var pacedStart = DateTimeOffset.UtcNow;
var pacedWatch = Stopwatch.StartNew();
using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(10)))
{
    var pending = new List<Task>();
    foreach (var tick in pacedTokens.Chunk(10))
    {
        await pace.WaitForNextTickAsync();
        pending.AddRange(tick.Select(token => http.PostAsJsonAsync("/api/pledges/confirm", new { token })));
    }

    await Task.WhenAll(pending);
}

report.Text($"Confirmation → Engagement lag at a steady 1,000 confirmations/s (offered; {pacedTokens.Count / pacedWatch.Elapsed.TotalSeconds:N0}/s answered)",
    (await Database.EventLagAsync(pledgeDb, engagementDb, since: pacedStart)).ToString());

// 4. Live-count fan-out: thousands of open streams through the gateway, one confirmation.
var streamCount = args.Contains("--quick") ? 2_000 : 10_000;
var memoryBefore = (Gateway: processes.RssBytes("gateway"), Pledge: processes.RssBytes("pledge"));
var memoryPerStream = "";
// The watched pledge is taken first: the total moves at its confirmation, and the clock starts there.
var watchedEmail = $"watched.{runId}@bench.example";
(await http.PostAsJsonAsync("/api/pledges", new { firstName = "Watched", lastName = "Total", email = watchedEmail, country = "US", consentToUpdates = false, listPublicly = false })).EnsureSuccessStatusCode();
var watchedToken = await Database.ConfirmTokenForAsync(pledgeDb, watchedEmail);
var fanOut = await StreamFanOut.MeasureAsync(http.BaseAddress!, streamCount, whileOpen: () => memoryPerStream = string.Create(CultureInfo.InvariantCulture,
    $"gateway {(processes.RssBytes("gateway") - memoryBefore.Gateway) / (double)streamCount / 1024:0.0} KiB, pledge {(processes.RssBytes("pledge") - memoryBefore.Pledge) / (double)streamCount / 1024:0.0} KiB"),
    moveTotal: async () => (await http.PostAsJsonAsync("/api/pledges/confirm", new { token = watchedToken })).EnsureSuccessStatusCode());
report.Text($"Live stream fan-out ({fanOut.Streams:N0} open streams via gateway, one confirmation)",
    $"new total seen after p50 {fanOut.P50Ms:0} ms, p99 {fanOut.P99Ms:0} ms, max {fanOut.MaxMs:0} ms (from the confirmation POST)");
report.Text("Memory per open stream (RSS growth ÷ streams)", memoryPerStream);

// 5. Importing a million supporters through the gateway (admin route, one CSV, COPY).
var file = await ImportFile.WriteAsync(importRows, runId);
try
{
    var totalBefore = await Database.CountAsync(pledgeDb, "SELECT count(*) FROM supporters WHERE status = 'confirmed'");
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/pledges/import") { Content = new StreamContent(File.OpenRead(file)) };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Create("admin"));
    var importWatch = Stopwatch.StartNew();
    var response = await http.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    var imported = importWatch.Elapsed;
    response.EnsureSuccessStatusCode();
    await Database.WaitAsync(engagementDb, "SELECT count(*) FROM confirmed_supporters WHERE withdrawn_at IS NULL", totalBefore + importRows);
    report.Text($"Import {importRows:N0} supporters (CSV {new FileInfo(file).Length / 1_000_000} MB, via gateway)",
        $"{imported.TotalSeconds:0.0} s ({importRows / imported.TotalSeconds:N0} rows/s); Engagement caught up after {importWatch.Elapsed.TotalSeconds:0.0} s; {body}");
    report.Text("Import phases (Pledge's log)", platform.LinesOf("pledge").LastOrDefault(l => l.Contains("rows, ", StringComparison.Ordinal) && l.Contains("committed in", StringComparison.Ordinal))?.Split("Import ", 2)[^1] ?? "not logged");
}
finally
{
    File.Delete(file);
}

// 6. An update to every consenting supporter: how long until its audience of a million is frozen (every mail then
// waits its turn at Updates:MailsPerSecond), then the mail sender against a real SMTP server's own rate.
using (var admin = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromMinutes(10) })
{
    admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Create("admin"));
    var consenting = await Database.CountAsync(pledgeDb, "SELECT count(*) FROM supporters WHERE status = 'confirmed' AND consent_to_updates");
    var updateWatch = Stopwatch.StartNew();
    var created = await admin.PostAsJsonAsync("/api/pledges/updates", new { subject = "Bench update", body = "What happened this week." });
    created.EnsureSuccessStatusCode();
    var update = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
    await Database.WaitAsync(pledgeDb, $"SELECT count(*) FROM updates WHERE id = '{update}' AND state <> 'scheduled'", 1);
    var frozen = updateWatch.Elapsed;
    var recipients = await Database.CountAsync(pledgeDb, $"SELECT total FROM updates WHERE id = '{update}'");
    (await admin.PostAsync($"/api/pledges/updates/{update}/cancel", null)).EnsureSuccessStatusCode();
    report.Text($"Update to every consenting supporter ({consenting:N0}): audience frozen, every mail queued to send",
        $"{frozen.TotalSeconds:0.0} s for {recipients:N0} recipients ({recipients / frozen.TotalSeconds:N0}/s), from the admin's POST");
}

var smtp = await SmtpRate.MeasureAsync(platform.ConnectionString("benchdb"), args.Contains("--quick") ? 2_000 : 10_000);
var sentRate = report.Rate($"Mail sent over SMTP by the platform's sender ({smtp.Mails:N0} mails, aiosmtpd on this machine)", smtp.Platform);
var smtpOwnRate = report.Rate("The same SMTP server's own rate (one MailKit connection, back to back)", smtp.ServerOwn);
report.Ratio("platform's mail sender ÷ SMTP server's own", sentRate, smtpOwnRate);

var total = await Database.CountAsync(pledgeDb, "SELECT count(*) FROM supporters WHERE status = 'confirmed'");
var counted = await Database.CountAsync(engagementDb, "SELECT count(*) FROM confirmed_supporters WHERE withdrawn_at IS NULL");
using var pledgeService = new HttpClient { BaseAddress = new Uri(platform.ServiceUrl("pledge")) };
var shown = (await pledgeService.GetFromJsonAsync<CountBody>("/api/pledges/count"))!.Total;
report.Text("Totals afterwards (public / PostgreSQL / Engagement)", $"{shown:N0} / {total:N0} / {counted:N0}");
report.Text("Memory after the run (RSS)", string.Join(", ", services.Select(s => $"{s} {processes.RssBytes(s) / 1048576.0:0} MiB")));

report.Print();
await platform.DisposeAsync();
return 0;

internal sealed record CountBody(long Total, long Goal);
