using System.Net;
using System.Text.RegularExpressions;
using MeineIhk.IdentityProvider.Features.Legal;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Legal;

/// <summary>Issue 18, point 2: the six pages the manual names, in every footer, from the operator's files; a favicon.</summary>
public abstract partial class LegalPagesTests(TestWorld world)
{
    private static readonly string[] GermanTitles = ["Informationspflichten", "Nutzungshinweise", "Support", "Kontakt", "Datenschutzerklärung", "Impressum"];

    [Fact]
    public async Task Every_page_has_the_six_legal_links_in_its_footer_and_each_opens_for_everyone()
    {
        using var anonymous = new BrowserSession(world.ProviderUrl);
        var login = await anonymous.PageAsync("anmelden");
        var links = login.Document.QuerySelectorAll("footer a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))).ToList();
        Assert.Equal(GermanTitles, links.Select(l => l.Item1));

        foreach (var (title, href) in links)
        {
            var page = await anonymous.PageAsync(href!.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(title, page.Text("h1").Trim());
            Assert.True(page.Document.QuerySelectorAll("main p").Length > 0, href);
        }

        using var signedIn = await world.LoggedInAsync(await world.CreateUserAsync());
        Assert.Equal(6, (await signedIn.PageAsync("")).Document.QuerySelectorAll("footer a").Length);
    }

    [Fact]
    public async Task The_Informationspflichten_are_numbered_without_gaps_in_German_and_English()
    {
        using var browser = new BrowserSession(world.ProviderUrl);
        foreach (var culture in new[] { "de-DE", "en" })
        {
            await browser.Http.GetAsync($"sprache?culture={culture}&returnUrl=/anmelden");
            var page = await browser.PageAsync("informationspflichten");
            var numbers = page.Document.QuerySelectorAll("main h2").Select(h => Number().Match(h.TextContent.Trim()))
                .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.True(numbers.Count >= 5, culture);
            Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        }
    }

    [Fact]
    public async Task The_favicon_is_served_as_SVG_and_ICO_and_every_page_links_it()
    {
        using var browser = new BrowserSession(world.ProviderUrl);
        var svg = await browser.Http.GetAsync("favicon.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("favicon.ico")).StatusCode);
        Assert.Equal("/favicon.svg", (await browser.PageAsync("anmelden")).Document.QuerySelector("link[rel=icon]")!.GetAttribute("href"));
    }

    [Fact]
    public void Markdown_from_a_file_is_encoded_and_keeps_only_safe_links()
    {
        var html = MarkdownText.ToHtml("# Titel\n\n## Abschnitt\nText mit <script>alert(1)</script> und **fett**.\n\n- [gut](https://example.org)\n- [böse](javascript:void)\n- [fremd](//example.org)").Value!;

        Assert.DoesNotContain("Titel", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Abschnitt</h2>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<strong>fett</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org\">gut</a>", html, StringComparison.Ordinal);
        Assert.Contains("<li>böse</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>fremd</li>", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(\d+)\.")]
    private static partial Regex Number();
}

[Collection(SqliteCollection.Name)]
public sealed class LegalPagesTestsOnSqlite(SqliteWorld world) : LegalPagesTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class LegalPagesTestsOnPostgreSql(PostgreSqlWorld world) : LegalPagesTests(world);
