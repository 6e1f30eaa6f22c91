using System.Globalization;
using System.Net;
using System.Text;
using FlexPlatform.EndToEnd.Tests;
using FlexPlatform.Testing;
using Xunit;

namespace FlexPlatform.Replicas.Tests;

[Collection(ReplicasCollection.Name)]
public sealed class ScheduledWorkTests(ReplicasFixture fixture)
{
    private const long Threshold = 10_000;
    private const string Header = "email,first_name,last_name,country,region,personas,flexibility,why,consent_to_updates,list_publicly\n";

    private PlatformFixture Platform => fixture.Platform;

    [Fact]
    public async Task A_milestone_crossed_while_two_Engagement_replicas_watch_is_recorded_and_announced_once()
    {
        var total = await Platform.ConfirmedInPledgeAsync();
        Assert.True(total < Threshold, "the milestone must still be ahead");
        var receivedBefore = fixture.EngagementReplicas.Select(r => Received(r).Count()).ToArray();

        // An import crosses the threshold (its event comes in parts), then confirmations wake every watcher.
        var csv = new StringBuilder(Header);
        for (var i = total; i < Threshold + 1; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Pledges.NewEmail("milestone")},Ana,Lima,BR,,,,,no,no\n");
        }

        using var admin = Platform.AdminClient(TimeSpan.FromMinutes(2));
        var imported = await admin.PostAsync("/api/pledges/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        await Platform.ConfirmThroughGatewayAsync(6, "after-milestone");

        // Both replicas consumed what wakes their watchers, and Engagement caught up with Pledge.
        var received = await PlatformFixture.EventuallyAsync(
            () => Task.FromResult(fixture.EngagementReplicas.Select(r => Received(r).Count()).ToArray()),
            counts => counts.Zip(receivedBefore).All(c => c.First > c.Second));
        Assert.All(received.Zip(receivedBefore), c => Assert.True(c.First > c.Second, $"a replica consumed nothing: {string.Join(", ", received)}"));
        var inPledge = await Platform.ConfirmedInPledgeAsync();
        Assert.Equal(inPledge, await PlatformFixture.EventuallyAsync(Platform.ConfirmedInEngagementAsync, c => c == inPledge, TimeSpan.FromSeconds(30)));

        Assert.Equal(1, await PlatformFixture.EventuallyAsync(
            () => Platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM milestones WHERE threshold = {Threshold}"), c => c == 1));
        await PlatformFixture.EventuallyAsync(() => Platform.ScalarAsync("engagementdb", "SELECT count(*) FROM outbox_messages"), c => c == 0);

        // Every copy the relays published is in the probe's queue now (deleted from the outbox only once the broker
        // confirmed it). A sentinel published after them is heard after them, so once it is, no late copy can come.
        var sentinel = 9_000_000_000 + Random.Shared.NextInt64(1_000_000_000);
        await Platform.PublishAsync("engagementdb", "Engagement.MilestoneReached", new { threshold = sentinel, total = sentinel, reachedAt = DateTimeOffset.UtcNow });
        Assert.True(await PlatformFixture.EventuallyAsync(() => Task.FromResult(fixture.Milestones.Any(m => m.Threshold == sentinel)), heard => heard), "the sentinel never arrived");
        Assert.Equal(1, fixture.Milestones.Count(m => m.Threshold == Threshold));
        Assert.Equal(1, fixture.EngagementReplicas.Sum(r => fixture.LinesOf(r).Count(l => l.Contains($"Milestone {Threshold} reached", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Each_attendee_is_reminded_once_while_two_Engagement_replicas_look_for_due_reminders()
    {
        var body = Engagements.Event("Replicated reminder evening");
        body["timeZone"] = "Etc/UTC";
        body["format"] = "online";
        body["venue"] = null;
        var soon = DateTime.UtcNow.AddHours(20);
        body["startsAt"] = Engagements.LocalTime(soon);
        body["endsAt"] = Engagements.LocalTime(soon.AddHours(1));
        var slug = await Platform.CreateEventAsync(body);
        var emails = Enumerable.Range(0, 8).Select(i => Pledges.NewEmail($"remind{i}")).ToArray();
        foreach (var email in emails)
        {
            await Platform.Gateway.ConfirmRsvpAsync((await Platform.RsvpAsync(slug, email)).Confirm);
        }

        // Every attendee claimed and every queued mail sent: nothing more can go out for this start time.
        await PlatformFixture.EventuallyAsync(
            () => Platform.ScalarAsync("engagementdb", $"SELECT count(*) FROM rsvps r JOIN events e ON e.id = r.event_id WHERE e.slug = '{slug}' AND r.reminded_for IS DISTINCT FROM e.starts_at"),
            c => c == 0);
        await PlatformFixture.EventuallyAsync(() => Platform.ScalarAsync("engagementdb", "SELECT count(*) FROM mail_outbox"), c => c == 0);

        foreach (var email in emails)
        {
            var reminders = (await Platform.MailboxAsync(email)).Count(m => m.Subject.StartsWith("Tomorrow:", StringComparison.Ordinal));
            Assert.Equal(1, reminders);
        }
    }

    private IEnumerable<string> Received(Replica replica) =>
        fixture.LinesOf(replica).Where(l => l.Contains("RECEIVE", StringComparison.Ordinal)
            && (l.Contains("SupportersImportedConsumer", StringComparison.Ordinal) || l.Contains("PledgeConfirmedConsumer", StringComparison.Ordinal)));
}
