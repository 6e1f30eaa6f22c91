using System.Runtime.CompilerServices;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace FlexPlatform.Web.Tests;

/// <summary>
/// axe-core in the page, for WCAG 2.2 A and AA: the serious and critical violations, each as "rule (impact): the first
/// nodes' HTML". The script goes to a browser context once, as a script every new document runs, instead of with every
/// check (half a megabyte through the DevTools protocol each time was as much of Chromium's CPU as the checks).
/// </summary>
internal static class AxeChecks
{
    private static readonly string Source = new BundledAxeScriptProvider().GetScript();
    private static readonly ConditionalWeakTable<IBrowserContext, Task> Enabled = [];
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private const string Run = """
        async (tags) => {
          const results = await axe.run(document, { resultTypes: ["violations"], runOnly: { type: "tag", values: tags } });
          return results.violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.html).join(", ")}`);
        }
        """;

    public static async Task<string[]> SeriousViolationsAsync(IPage page)
    {
        await Enabled.GetValue(page.Context, context => context.AddInitScriptAsync(Source));
        // A document loaded before the context had the script gets it now.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(Source);
        }

        return await page.EvaluateAsync<string[]>(Run, Tags);
    }
}
