using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MeineIhk.Tests.Data;

namespace MeineIhk.Tests.Infrastructure;

public static class Accessibility
{
    /// <summary>
    /// Runs axe-core (shipped inside Deque.AxeCore.Playwright, offline) on the page with the WCAG 2.0/2.1
    /// level A and AA rules, and fails with one entry per violation: rule, impact, help, and each offending
    /// element's selector and HTML.
    /// </summary>
    public static async Task AssertNoWcagViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        if (result.Violations.Length == 0)
        {
            return;
        }

        var report = new StringBuilder();
        report.Append(result.Violations.Length).Append(" WCAG 2.1 A/AA rule(s) violated on ")
            .Append(page.Url.Length > 200 ? page.Url[..200] + "…" : page.Url).AppendLine(":");
        foreach (var violation in result.Violations)
        {
            report.Append("- ").Append(violation.Id).Append(" (").Append(violation.Impact).Append("): ").Append(violation.Help)
                .Append(" <").Append(violation.HelpUrl).AppendLine(">");
            foreach (var node in violation.Nodes)
            {
                report.Append("    at ").Append(node.Target).Append(": ").AppendLine(node.Html);
            }
        }

        Assert.Fail(report.ToString());
    }
}
