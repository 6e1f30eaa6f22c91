using System.Globalization;
using FlexPlatform.Content.Data;
using FlexPlatform.Content.Domain;
using FlexPlatform.Contracts.Coalition;
using FlexPlatform.Contracts.Engagement;
using FlexPlatform.Domain.Text;
using Npgsql;

namespace FlexPlatform.Content.Consumers;

/// <summary>
/// Drafts the newsroom writes itself when something happens, for an editor to finish and publish: never
/// published automatically. Slugs are derived from the event, so even a replayed copy of an event finds its draft.
/// </summary>
public static class NewsDrafts
{
    public const string Author = "FlexPlatform Newsroom";

    public static PostRequest For(MilestoneReached milestone)
    {
        var threshold = milestone.Threshold.ToString("N0", CultureInfo.InvariantCulture);
        return new PostRequest("news", $"{threshold} people now stand for work flexibility",
            $"The movement passed {threshold} confirmed supporters.",
            $"On {milestone.ReachedAt:MMMM d, yyyy} the pledge passed **{threshold}** confirmed supporters ({milestone.Total.ToString("N0", CultureInfo.InvariantCulture)} at the time).\n\n_Editor: add quotes and what comes next._",
            ["milestone"], $"milestone-{milestone.Threshold}", Author);
    }

    public static PostRequest For(OrganizationApproved member) =>
        new("news", $"{member.Name} joins the coalition",
            $"A new {member.Kind} from {member.Country} signed on for work flexibility.",
            $"**{member.Name}** is now a member of the coalition.\n\n_Editor: add what flexibility looks like there._",
            ["coalition"], $"new-member-{member.Slug}", Author);

    public static PostRequest For(LegislationAdvanced bill) =>
        new("news", $"{bill.Title}: {bill.Stage.Replace('-', ' ')}",
            $"A bill we follow in {bill.Jurisdiction} moved to \"{bill.Stage}\".",
            $"**{bill.Title}** ({bill.Jurisdiction}) reached the stage \"{bill.Stage}\" on {bill.AdvancedAt:MMMM d, yyyy}.\n\n_Editor: explain what this means and how to act._",
            ["legislation"], Trim($"legislation-{bill.Slug}-{bill.Stage}"), Author);

    public static PostRequest For(PetitionGoalReached petition)
    {
        var goal = petition.Goal.ToString("N0", CultureInfo.InvariantCulture);
        return new PostRequest("news", $"{petition.Title}: {goal} signatures reached",
            $"The petition reached its goal of {goal} signatures.",
            $"On {petition.ReachedAt:MMMM d, yyyy} the petition **{petition.Title}** reached its goal of **{goal}** signatures ({petition.Signatures.ToString("N0", CultureInfo.InvariantCulture)} at the time).\n\n_Editor: say what happens next and who receives it._",
            ["petition"], Trim($"petition-{petition.Slug}-goal"), Author);
    }

    public static Task WriteAsync(NpgsqlTransaction tx, PostRequest draft, MarkdownRenderer renderer, CancellationToken cancellationToken) =>
        PostStore.InsertDraftAsync(tx.Connection!, tx, draft, renderer, cancellationToken);

    private static string Trim(string slug) => slug.Length <= 80 ? slug : slug[..80].TrimEnd('-');
}
