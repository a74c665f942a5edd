using Microsoft.Playwright;

namespace MeineIhk.Tests.Browser;

/// <summary>Keyboard-only use: every control of the page is reached with the Tab key, in order, without a trap.</summary>
public static class Keyboard
{
    private const string Identify = """
        el => el ? (el.type === 'radio' ? 'radio:' + el.name : (el.id || el.name || el.getAttribute('href') || el.textContent.trim())) : null
        """;

    /// <remarks>Controls inside a closed &lt;details&gt; are left out: Chromium keeps them laid out but unfocusable until opened.</remarks>
    public static async Task AssertEveryControlReachableAsync(IPage page)
    {
        var expected = await page.EvalOnSelectorAllAsync<string[]>(
            "main a[href], main button, main input:not([type=hidden]), main select, main textarea, main [tabindex='0']",
            $"els => [...new Set(els.filter(e => !e.disabled && e.offsetParent !== null && !e.closest('details:not([open])')).map({Identify}))]");

        await page.EvaluateAsync("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }");
        var reached = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < expected.Length + 25 && !expected.All(reached.Contains); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string?>($"() => ({Identify})(document.activeElement)");
            if (focused is not null)
            {
                reached.Add(focused);
            }
        }

        var missing = expected.Where(e => !reached.Contains(e)).ToList();
        Assert.True(missing.Count == 0, $"Not reachable by keyboard on {page.Url}: {string.Join(", ", missing)}");
    }
}
