using System.Net;
using System.Text.RegularExpressions;
using MeineIhk.Tests.Features.Accounts.Register;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Hosting;

/// <summary>
/// Mail links name the configured public origin, never the request's Host or X-Forwarded-Host (security review,
/// finding "mail links follow the Host header"; ASVS 5.0 V3.x / OWASP "Host header poisoning" of reset links).
/// Before the fix a POST to "Passwort vergessen" with Host: evil.example mailed http://evil.example/…?code=….
/// </summary>
public abstract partial class HostHeaderTests(TestWorld world)
{
    [Fact]
    public async Task A_request_for_a_foreign_host_is_refused_before_any_page_runs()
    {
        using var browser = new BrowserSession(world.ProviderUrl);
        browser.Http.DefaultRequestHeaders.Host = "evil.example";

        var response = await browser.Http.GetAsync("passwort-vergessen");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_reset_requested_under_another_accepted_host_name_mails_a_link_to_the_configured_origin()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId);
        using var browser = new BrowserSession(world.ProviderUrl);
        browser.Http.DefaultRequestHeaders.Host = "localhost:" + world.ProviderUrl.Port; // accepted (loopback), but not the issuer's host

        var link = await RequestResetLinkAsync(browser, userName);

        Assert.StartsWith(world.ProviderUrl + "passwort-zuruecksetzen?", link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_requested_with_a_forged_X_Forwarded_Host_mails_a_link_to_the_configured_origin()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId);
        using var browser = new BrowserSession(world.ProviderUrl);
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");

        var link = await RequestResetLinkAsync(browser, userName);

        Assert.StartsWith(world.ProviderUrl + "passwort-zuruecksetzen?", link, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registration_with_a_forged_X_Forwarded_Host_mails_a_confirmation_link_to_the_configured_origin()
    {
        var userName = "herkunft" + Guid.NewGuid().ToString("N")[..8];
        var email = userName + "@example.org";
        using var browser = new BrowserSession(world.ProviderUrl);
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");

        await RegistrationForm.RegisterAsync(browser, userName, email);
        var text = Assert.Single(await world.Smtp.WaitForAsync(email)).TextBody;

        Assert.DoesNotContain("evil.example", text, StringComparison.Ordinal);
        Assert.Contains(AnyLink().Matches(text ?? string.Empty), l => l.Value.StartsWith(world.ProviderUrl + "registrierung", StringComparison.Ordinal) || l.Value.Contains("code=", StringComparison.Ordinal) && l.Value.StartsWith(world.ProviderUrl.ToString(), StringComparison.Ordinal));
    }

    private async Task<string> RequestResetLinkAsync(BrowserSession browser, string userName)
    {
        var form = await HtmlPage.ReadAsync(await browser.Http.GetAsync("passwort-vergessen"));
        var page = await HtmlPage.ReadAsync(await browser.SubmitAsync(form.Form("form[method=post]", new Dictionary<string, string> { ["NameOrEmail"] = userName })));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var text = (await world.Smtp.WaitForAsync(userName + "@example.org")).Single().TextBody ?? string.Empty;
        var link = AnyLink().Matches(text).Select(m => m.Value).Single(l => l.Contains("passwort-zuruecksetzen", StringComparison.Ordinal));
        return link;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex AnyLink();
}

[Collection(SqliteCollection.Name)]
public sealed class HostHeaderTestsOnSqlite(SqliteWorld world) : HostHeaderTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class HostHeaderTestsOnPostgreSql(PostgreSqlWorld world) : HostHeaderTests(world);
