using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Infrastructure.TestData;

/// <summary>The pages as a browser uses them: log in, GET a page, POST one of its forms, follow to the outcome.</summary>
public static partial class TestDataBuilder
{
    /// <summary>A browser logged in through the real login form, standing on the dashboard.</summary>
    public static async Task<BrowserSession> LoggedInAsync(this TestWorld world, string userName)
    {
        var browser = new BrowserSession(world.ProviderUrl);
        var page = (await browser.GetAsync(world.ProviderUrl, new(userName, TestWorld.Password))).RequiredPage;
        Assert.Equal("/", page.RequestUri.AbsolutePath);
        return browser;
    }

    /// <summary>GETs a page and follows redirects to the page a browser would show (whatever its status).</summary>
    public static async Task<HtmlPage> PageAsync(this BrowserSession browser, string path) =>
        (await browser.FollowAsync(await browser.Http.GetAsync(path))).RequiredPage;

    /// <summary>
    /// Posts the page's form (<paramref name="selector"/>) as a browser would: its fields with <paramref name="values"/> filled in;
    /// <paramref name="multi"/> adds repeated fields (checkbox lists) after dropping the page's own of that name; <paramref name="button"/>
    /// presses the submit button of that value; <paramref name="handler"/> posts to the page's handler (a button's formaction).
    /// Answers the response itself; <see cref="AfterAsync"/> follows it to the page that shows the outcome.
    /// </summary>
    public static Task<HttpResponseMessage> PostAsync(
        this BrowserSession browser, HtmlPage page, string selector, IReadOnlyDictionary<string, string>? values = null,
        IEnumerable<KeyValuePair<string, string>>? multi = null, string? button = null, string? handler = null)
    {
        var submitter = button is null ? null : page.Document.QuerySelector(selector)!.QuerySelectorAll<IHtmlButtonElement>("button")
            .Single(b => b.Value == button);
        var (method, action, fields) = page.Form(selector, values, submitter);
        var extra = multi?.ToList() ?? [];
        foreach (var name in extra.Select(e => e.Key).Distinct())
        {
            fields.RemoveAll(f => f.Key == name);
        }

        fields.AddRange(extra);
        var target = handler is null ? action : new Uri(page.RequestUri.GetLeftPart(UriPartial.Path) + "?handler=" + handler);
        return browser.SubmitAsync((method, target, fields));
    }

    /// <summary>Follows the redirect after a post to the page it ends on.</summary>
    public static async Task<HtmlPage> AfterAsync(this BrowserSession browser, Task<HttpResponseMessage> post) =>
        (await browser.FollowAsync(await post)).RequiredPage;

    public static string Text(this HtmlPage page, string selector) =>
        page.Document.QuerySelector(selector)?.TextContent ?? throw new InvalidOperationException($"No '{selector}' on {page.RequestUri}");

    /// <summary>The notices and error summaries of a page, joined.</summary>
    public static string Status(HtmlPage page) =>
        string.Join(" | ", page.Document.QuerySelectorAll(".notice, .error-summary").Select(e => e.TextContent.Trim()));

    /// <summary>The first link in a text (a mail's body) whose address contains <paramref name="path"/>.</summary>
    public static string Link(string? text, string path) => LinkPattern().Matches(text ?? "").Select(m => m.Value).First(l => l.Contains(path, StringComparison.Ordinal));

    public static string MembersPath(Guid organisationId, string? search = null, int? page = null) =>
        $"organisationen/{organisationId}/mitglieder" + (search is null && page is null ? "" : $"?q={Uri.EscapeDataString(search ?? "")}&p={page ?? 1}");

    public static string MemberSelector(Guid membershipId, string handler) => $"#mitglied-{membershipId:N} form[action*='handler={handler}']";

    /// <summary>The Ja/Nein choice of one role in a member's roles form.</summary>
    public static Dictionary<string, string> Choice(Guid roleId, bool yes) => new() { [$"roles[{roleId}]"] = yes ? "true" : "false" };

    public static Dictionary<string, string> JoinValues(string firmierung, string strasse, string hausnummer, string plz, string identnummer = "", string reason = "Ich bin Azubi und möchte mein Berichtsheft führen.") =>
        new()
        {
            ["Input.Firmierung"] = firmierung, ["Input.Strasse"] = strasse, ["Input.Hausnummer"] = hausnummer, ["Input.Plz"] = plz,
            ["Input.Identnummer"] = identnummer, ["Input.Reason"] = reason,
        };

    public static Dictionary<string, string> JoinValues(TestOrganisation o) => JoinValues(o.Firmierung, o.Strasse, o.Hausnummer, o.Plz);

    [GeneratedRegex(@"http://\S+")]
    private static partial Regex LinkPattern();
}
