using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.SampleFachanwendung;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MeineIhk.Tests.Browser;

/// <summary>
/// In Debian's chromium, under the provider's real Content-Security-Policy: the logout confirmation of RP-initiated
/// logout (German and English, axe-core, keyboard) and a login through an application that uses response_mode=form_post
/// (the certification plan oidcc-formpost-basic; ASP.NET Core's OIDC handler does so by default).
/// </summary>
public abstract class LogoutAndFormPostBrowserTests(SessionsWorld sessions, BrowserFixture browser)
{
    private TestWorld World => sessions.World;

    [Theory]
    [InlineData("de-DE", "Anmelden", "Möchten Sie sich von meine ihk abmelden?", "Sie sind abgemeldet")]
    [InlineData("en", "Log in", "Do you want to log out of meine ihk?", "You are logged out")]
    public async Task The_logout_confirmation_passes_axe_and_its_button_works_by_keyboard(string locale, string loginButton, string question, string done)
    {
        var userName = await sessions.MemberWithRolesAsync();
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(World.ProviderUrl, "anmelden").ToString());
        await page.Locator("#Input_Username").FillAsync(userName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = loginButton, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/anmelden", StringComparison.Ordinal));

        // A bare end-session request, as a foreign page could send it: the user is asked.
        await page.GotoAsync(new Uri(World.ProviderUrl, "connect/endsession").ToString());
        await Assertions.Expect(page.GetByText(question)).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await Keyboard.AssertEveryControlReachableAsync(page);

        await page.EvaluateAsync("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }");
        await TabUntilAsync(page, "#end-session button");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = done })).ToBeVisibleAsync();
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await page.GotoAsync(World.ProviderUrl.ToString());
        await page.WaitForURLAsync(url => url.Contains("/anmelden", StringComparison.Ordinal)); // the session is gone
    }

    [Fact]
    public async Task Oidcc_formpost_basic_login_through_a_form_post_application_reaches_it_without_a_CSP_violation()
    {
        await using var application = await FormPostApplicationAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                blocked.Add(message.Text);
            }
        };

        await page.GotoAsync(application.Url.ToString());
        await page.Locator("#Input_Username").FillAsync(application.UserName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        var callback = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync(),
            request => request.Method == "POST" && request.Url.StartsWith(new Uri(application.Url, "signin-oidc").ToString(), StringComparison.Ordinal));

        // OAuth 2.0 Form Post Response Mode §2: code and state arrive in the body, not in the URL.
        Assert.Contains("code=", callback.PostData, StringComparison.Ordinal);
        Assert.Contains("state=", callback.PostData, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByText("Bericht schreiben").First).ToBeVisibleAsync();
        Assert.StartsWith(application.Url.GetLeftPart(UriPartial.Authority), page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(blocked, text => text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Without_its_script_the_form_post_page_passes_axe_and_its_button_reaches_the_application_by_keyboard()
    {
        await using var application = await FormPostApplicationAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/js/form-post.js", route => route.AbortAsync()); // as if script were off or blocked

        await page.GotoAsync(application.Url.ToString());
        await page.Locator("#Input_Username").FillAsync(application.UserName);
        await page.Locator("#Input_Password").FillAsync(TestWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Weiter zur Anwendung" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Accessibility.AssertNoWcagViolationsAsync(page);
        await TabUntilAsync(page, "#form-post button");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByText("Bericht schreiben").First).ToBeVisibleAsync();
        Assert.StartsWith(application.Url.GetLeftPart(UriPartial.Authority), page.Url, StringComparison.Ordinal);
    }

    /// <summary>A third instance of the sample app, registered as its own client, with Oidc:ResponseMode=form_post.</summary>
    private async Task<FormPostApplication> FormPostApplicationAsync()
    {
        var clientId = "formpost-" + Guid.NewGuid().ToString("N")[..6];
        var url = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        await sessions.RegisterAsync(clientId, SessionsWorld.RecordedSecret, new Uri(url, "signin-oidc"), new Uri(url, "signout-callback-oidc"),
            new Uri(url, "signout-backchannel"), "auszubildender");
        World.Provider.Services.GetRequiredService<ClientRules>().Forget();
        var userName = await sessions.MemberWithRolesAsync($"{clientId}:auszubildender");

        var app = SampleApp.Create([], RepositoryPaths.SampleAppContentRoot, new Dictionary<string, string?>
        {
            ["Oidc:Authority"] = World.ProviderUrl.ToString(),
            ["Oidc:ClientId"] = clientId,
            ["Oidc:ClientSecret"] = SessionsWorld.RecordedSecret,
            ["Oidc:RequireHttpsMetadata"] = "false",
            ["Oidc:ResponseMode"] = "form_post",
            ["Session:CookieName"] = ".MeineIhk." + clientId,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        app.Urls.Add(url.GetLeftPart(UriPartial.Authority));
        await app.StartAsync();
        return new FormPostApplication(app, url, userName);
    }

    private static async Task TabUntilAsync(IPage page, string selector)
    {
        for (var i = 0; i < 30; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>($"() => document.activeElement === document.querySelector('{selector}')"))
            {
                return;
            }
        }

        Assert.Fail($"{selector} cannot be reached with the Tab key.");
    }

    private sealed record FormPostApplication(WebApplication App, Uri Url, string UserName) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}

[Collection(SqliteSessionsCollection.Name)]
public sealed class LogoutAndFormPostBrowserTestsOnSqlite(SqliteSessionsWorld sessions, BrowserFixture browser)
    : LogoutAndFormPostBrowserTests(sessions, browser), IClassFixture<BrowserFixture>;

[Collection(PostgreSqlSessionsCollection.Name)]
public sealed class LogoutAndFormPostBrowserTestsOnPostgreSql(PostgreSqlSessionsWorld sessions, BrowserFixture browser)
    : LogoutAndFormPostBrowserTests(sessions, browser), IClassFixture<BrowserFixture>;
