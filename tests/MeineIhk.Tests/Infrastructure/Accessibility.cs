using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace MeineIhk.Tests.Infrastructure;

public static class Accessibility
{
    /// <summary>Runs axe-core (shipped inside the package, offline) for WCAG 2.1 A and AA and fails with a readable list.</summary>
    public static async Task AssertNoWcagViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        var violations = result.Violations.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}\n" + string.Join("\n", v.Nodes.Select(n => $"    at {string.Join(" ", n.Target)}: {n.Html}")));
        Assert.True(result.Violations.Length == 0, $"WCAG 2.1 AA violations on {page.Url}:\n{string.Join("\n", violations)}");
    }
}
