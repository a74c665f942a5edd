using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.Tests.Features.Applications;
using MeineIhk.Tests.Features.Protocol.Consent;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.Playwright;

namespace MeineIhk.Tests.Browser;

/// <summary>
/// The consent page of a third-party application and "Zugriffe von Anwendungen" in Chromium, in German and English:
/// axe-core clean, used by keyboard; allowing gives the application tokens, refusing gives it access_denied
/// (RFC 6749 §4.1.2.1), and the account page lists and withdraws the consent.
/// </summary>
public abstract class ConsentBrowserTests(TestWorld world, BrowserFixture browser)
{
    // On the sample app's host (which does not know the path): the test reads the code or error from the browser's request there.
    private Uri RedirectUri => new(world.SampleUrl, "drittanbieter/signin-oidc");

    [Theory]
    [InlineData("de-DE", "de", "Zulassen", "Ablehnen")]
    [InlineData("en", "en", "Allow", "Deny")]
    public async Task A_user_allows_a_third_party_application_withdraws_the_access_and_then_refuses(string locale, string language, string allow, string deny)
    {
        var (clientId, secret) = await RegisterThirdPartyAsync();
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", clientId, "leser");
        using var client = new OidcTestClient(world, clientId, secret, RedirectUri);
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();

        await page.GotoAsync(client.AuthorizeUrl("openid profile email ihk.org offline_access").ToString());
        await page.Locator("#Input_Username").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.Locator("#Input_Password").PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/connect/authorize/consent");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(language == "de" ? "Testanwendung" : "Test application");
        await Assertions.Expect(page.Locator("#consent-data li")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#consent-data")).ToContainTextAsync("Spiel- und Spaß GmbH");
        await AssertAccessibleAsync(page);

        // Keyboard: the focus on "Zulassen", Enter.
        var allowButton = page.Locator("#consent-form button[value=allow]");
        await Assertions.Expect(allowButton).ToHaveTextAsync(allow);
        await allowButton.FocusAsync();
        var atClient = await page.RunAndWaitForRequestAsync(() => page.Keyboard.PressAsync("Enter"), ToClient);
        var tokens = await client.RedeemAsync(OidcTestClient.CodeFrom(new Uri(atClient.Url)));
        Assert.NotNull(tokens.AccessToken);
        Assert.NotNull(tokens.RefreshToken);

        // The account lists the consent and withdraws it, in a new tab: the sample host answers the made-up redirect path
        // with an empty 404 that Chromium turns into its error page, and that navigation would cut off the next one here.
        await page.CloseAsync();
        page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(world.ProviderUrl, "/").ToString());
        await page.Locator("a[href='/konto/zugriffe']").ClickAsync();
        var row = page.Locator($"#grants tr[data-client='{clientId}']");
        await Assertions.Expect(row).ToContainTextAsync(language == "de" ? "Testanwendung" : "Test application");
        await AssertAccessibleAsync(page);
        await row.Locator("button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[role=status]")).ToBeVisibleAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);
        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens.RefreshToken!)).Error);

        // The next login asks again; this time the user refuses and the application gets access_denied.
        await page.GotoAsync(client.AuthorizeUrl("openid profile").ToString());
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/connect/authorize/consent");
        var denyButton = page.Locator("#consent-form button[value=deny]");
        await Assertions.Expect(denyButton).ToHaveTextAsync(deny);
        var refused = await page.RunAndWaitForRequestAsync(() => denyButton.ClickAsync(), ToClient);
        var answer = OidcTestClient.Query(new Uri(refused.Url));
        Assert.Equal("access_denied", answer["error"]);
        Assert.False(answer.ContainsKey("code"));
    }

    private bool ToClient(IRequest request) => request.Url.StartsWith(RedirectUri.ToString(), StringComparison.Ordinal);

    private static async Task AssertAccessibleAsync(IPage page)
    {
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);
    }

    private Task<(string ClientId, string Secret)> RegisterThirdPartyAsync() => ThirdPartyClients.RegisterAsync(world, RedirectUri);
}

[Collection(SqliteCollection.Name)]
public sealed class ConsentBrowserTestsOnSqlite(SqliteWorld world, BrowserFixture browser)
    : ConsentBrowserTests(world, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlCollection.Name)]
public sealed class ConsentBrowserTestsOnPostgreSql(PostgreSqlWorld world, BrowserFixture browser)
    : ConsentBrowserTests(world, browser), IClassFixture<BrowserFixture>;
