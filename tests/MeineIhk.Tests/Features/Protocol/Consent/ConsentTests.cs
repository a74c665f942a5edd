using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.Tests.Features.Applications;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.Tests.Features.Protocol.Consent;

/// <summary>
/// Consent (OIDC Core §3.1.2.4): first-party applications log in without a consent page, every other application
/// asks once per scope set; prompt=consent always asks (oidcc-prompt-consent… behaviour), prompt=none without
/// consent answers consent_required (OIDC Core §3.1.2.6), a refusal answers access_denied at the client
/// (RFC 6749 §4.1.2.1); withdrawing consent in the account ends it and its refresh tokens.
/// </summary>
public abstract class ConsentTests(TestWorld world)
{
    private const string Organisation = "Spiel- und Spaß GmbH";
    private static readonly Uri RedirectUri = new("https://drittanbieter.example.de/signin-oidc");

    [Fact]
    public async Task Discovery_advertises_prompt_consent()
    {
        using var client = new OidcTestClient(world);
        using var discovery = await client.DiscoveryAsync();
        Assert.Contains("consent", discovery.RootElement.GetProperty("prompt_values_supported").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task The_demo_applications_are_first_party_and_log_in_without_a_consent_page()
    {
        Assert.True((await world.FindAsync(TestWorld.SampleClientId))!.Fachanwendung.FirstParty);
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId, "auszubildender");
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid profile email offline_access ihk.org");
        Assert.NotNull(tokens.AccessToken);
    }

    [Fact]
    public async Task A_third_party_application_marked_first_party_by_the_platform_logs_in_without_a_consent_page()
    {
        var (clientId, secret) = await RegisterThirdPartyAsync();
        Assert.True((await world.Registry(r => r.SetFirstPartyAsync(clientId, true, RegistryActor.Operator))).Succeeded);
        var userName = await world.CreateMemberAsync(Organisation, clientId, "leser");
        using var client = new OidcTestClient(world, clientId, secret, RedirectUri);

        var hop = await client.AuthorizeAsync(userName, TestWorld.Password, "openid profile");
        Assert.NotNull(hop.Redirect);
        Assert.Contains(await world.WithDatabaseAsync((db, _) => db.AuditEntries.Select(a => a.Action + " " + a.Details).ToListAsync()),
            entry => entry == AuditAction.ApplicationFirstPartySet + " " + clientId);
    }

    [Fact]
    public async Task OIDC_Core_3_1_2_4_a_third_party_application_asks_the_first_time_and_not_again()
    {
        var (clientId, secret) = await RegisterThirdPartyAsync();
        var userName = await world.CreateMemberAsync(Organisation, clientId, "leser");
        using var client = new OidcTestClient(world, clientId, secret, RedirectUri);

        var page = (await client.AuthorizeAsync(userName, TestWorld.Password, "openid profile email ihk.org")).RequiredPage;
        Assert.Equal("/connect/authorize/consent", page.RequestUri.AbsolutePath);
        Assert.Equal(["openid", "profile", "email", "ihk.org"], page.Document.QuerySelectorAll("#consent-data li").Select(li => li.GetAttribute("data-scope")));
        Assert.Contains("Spiel- und Spaß GmbH", page.Document.QuerySelector("#consent-data")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Leser(in)", page.Document.QuerySelector("#consent-data")!.TextContent, StringComparison.Ordinal);

        var redirect = await AllowAsync(client, page);
        var tokens = await client.RedeemAsync(OidcTestClient.CodeFrom(redirect));
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        // Same scopes again (also fewer): no page, straight back to the application.
        var again = await client.Session.FollowAsync(await client.StartAuthorizeAsync("openid profile"), stopAt: AtClient);
        Assert.NotNull(again.Redirect);
        Assert.Contains("code", OidcTestClient.Query(again.Redirect!).Keys);
    }

    [Fact]
    public async Task OIDC_Core_3_1_2_4_consent_is_asked_again_when_the_requested_scopes_grow()
    {
        var (clientId, secret) = await RegisterThirdPartyAsync();
        var userName = await world.CreateMemberAsync(Organisation, clientId, "leser");
        using var client = new OidcTestClient(world, clientId, secret, RedirectUri);
        await AllowAsync(client, (await client.AuthorizeAsync(userName, TestWorld.Password, "openid profile")).RequiredPage);

        var grown = await client.Session.FollowAsync(await client.StartAuthorizeAsync("openid profile offline_access"), stopAt: AtClient);
        Assert.Equal("/connect/authorize/consent", grown.RequiredPage.RequestUri.AbsolutePath);
        await AllowAsync(client, grown.RequiredPage);

        var granted = await world.WithDatabaseAsync((db, _) => db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreAuthorization>()
            .Where(a => a.Subject == db.Users.Single(u => u.UserName == userName).Id && a.Type == "permanent" && a.Status == "valid").ToListAsync());
        var consent = Assert.Single(granted); // one consent per application that grows, not one per request
        Assert.Contains("offline_access", consent.Scopes!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oidcc_prompt_consent_shows_the_consent_page_even_when_consent_was_given()
    {
        var (clientId, secret) = await RegisterThirdPartyAsync();
        var userName = await world.CreateMemberAsync(Organisation, clientId, "leser");
        using var client = new OidcTestClient(world, clientId, secret, RedirectUri);
        await AllowAsync(client, (await client.AuthorizeAsync(userName, TestWorld.Password, "openid profile")).RequiredPage);

        var asked = await client.Session.FollowAsync(
            await client.StartAuthorizeAsync("openid profile", new Dictionary<string, string> { ["prompt"] = "consent" }), stopAt: AtClient);
        Assert.Equal("/connect/authorize/consent", asked.RequiredPage.RequestUri.AbsolutePath);
        var redirect = await AllowAsync(client, asked.RequiredPage);
        Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(OidcTestClient.CodeFrom(redirect))).Status);
    }

    [Fact]
    public async Task Oidcc_prompt_consent_shows_the_consent_page_to_a_first_party_application_too()
    {
        var (clientId, secret) = await RegisterThirdPartyAsync();
        Assert.True((await world.Registry(r => r.SetFirstPartyAsync(clientId, true, RegistryActor.Operator))).Succeeded);
        var userName = await world.CreateMemberAsync(Organisation, clientId, "leser");
        using var client = new OidcTestClient(world, clientId, secret, RedirectUri);
        Assert.NotNull((await client.AuthorizeAsync(userName, TestWorld.Password, "openid profile")).Redirect);

        var asked = await client.Session.FollowAsync(
            await client.StartAuthorizeAsync("openid profile", new Dictionary<string, string> { ["prompt"] = "consent" }), stopAt: AtClient);
        Assert.Equal("/connect/authorize/consent", asked.RequiredPage.RequestUri.AbsolutePath);
        var redirect = await AllowAsync(client, asked.RequiredPage);
        Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(OidcTestClient.CodeFrom(redirect))).Status);
    }

    [Fact]
    public async Task Oidcc_prompt_none_without_consent_returns_consent_required_to_the_client_OIDC_Core_3_1_2_6()
    {
        var (clientId, secret) = await RegisterThirdPartyAsync();
        var userName = await world.CreateMemberAsync(Organisation, clientId, "leser");
        using var client = new OidcTestClient(world, clientId, secret, RedirectUri);
        // Logged in, but the consent page left unanswered.
        Assert.NotNull((await client.AuthorizeAsync(userName, TestWorld.Password, "openid profile")).Page);

        var state = "zustand-" + Guid.NewGuid().ToString("N");
        var hop = await client.Session.FollowAsync(await client.StartAuthorizeAsync("openid profile",
            new Dictionary<string, string> { ["prompt"] = "none", ["state"] = state }), stopAt: AtClient);
        var error = OidcTestClient.Query(hop.RequiredRedirect);
        Assert.Equal("consent_required", error["error"]);
        Assert.Equal(state, error["state"]);
        Assert.DoesNotContain("code", error.Keys);
    }

    [Fact]
    public async Task RFC_6749_4_1_2_1_refusing_consent_returns_access_denied_to_the_client()
    {
        var (clientId, secret) = await RegisterThirdPartyAsync();
        var userName = await world.CreateMemberAsync(Organisation, clientId, "leser");
        using var client = new OidcTestClient(world, clientId, secret, RedirectUri);
        var page = (await client.AuthorizeAsync(userName, TestWorld.Password, "openid profile")).RequiredPage;

        var redirect = await DecideAsync(client, page, "deny");
        var error = OidcTestClient.Query(redirect);
        Assert.Equal("access_denied", error["error"]);
        Assert.DoesNotContain("code", error.Keys);

        // Nothing was stored: the next request asks again.
        var again = await client.Session.FollowAsync(await client.StartAuthorizeAsync("openid profile"), stopAt: AtClient);
        Assert.Equal("/connect/authorize/consent", again.RequiredPage.RequestUri.AbsolutePath);
    }

    [Fact]
    public async Task Withdrawing_access_in_the_account_ends_refresh_tokens_and_the_next_login_asks_again()
    {
        var (clientId, secret) = await RegisterThirdPartyAsync();
        var userName = await world.CreateMemberAsync(Organisation, clientId, "leser");
        using var client = new OidcTestClient(world, clientId, secret, RedirectUri);
        var redirect = await AllowAsync(client, (await client.AuthorizeAsync(userName, TestWorld.Password, "openid profile offline_access")).RequiredPage);
        var tokens = await client.RedeemAsync(OidcTestClient.CodeFrom(redirect));
        Assert.NotNull(tokens.RefreshToken);

        var account = await client.Session.GetAsync(new Uri(world.ProviderUrl, "konto/zugriffe"));
        var row = account.RequiredPage.Document.QuerySelector($"#grants tr[data-client='{clientId}']");
        Assert.NotNull(row);
        Assert.Contains("Testanwendung", row!.TextContent, StringComparison.Ordinal);
        account.RequiredPage.Document.QuerySelectorAll<IHtmlFormElement>(".revoke-form")
            .Single(f => f.QuerySelector<IHtmlInputElement>("input[name=clientId]")!.Value == clientId).Id = "revoke";
        var button = account.RequiredPage.Document.QuerySelector<IHtmlButtonElement>("#revoke button");
        var after = await client.Session.FollowAsync(await client.Session.SubmitAsync(account.RequiredPage.Form("#revoke", submitter: button)));
        Assert.Contains("widerrufen", after.RequiredPage.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.RequiredPage.Document.QuerySelector($"#grants tr[data-client='{clientId}']"));

        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens.RefreshToken!)).Error);
        var again = await client.Session.FollowAsync(await client.StartAuthorizeAsync("openid profile offline_access"), stopAt: AtClient);
        Assert.Equal("/connect/authorize/consent", again.RequiredPage.RequestUri.AbsolutePath);
    }

    private static bool AtClient(Uri location) => location.GetLeftPart(UriPartial.Path) == RedirectUri.ToString();

    private static Task<Uri> AllowAsync(OidcTestClient client, HtmlPage page) => DecideAsync(client, page, "allow");

    private static async Task<Uri> DecideAsync(OidcTestClient client, HtmlPage page, string decision)
    {
        var button = page.Document.QuerySelector<IHtmlButtonElement>($"#consent-form button[value={decision}]");
        return (await client.Session.FollowAsync(await client.Session.SubmitAsync(page.Form("#consent-form", submitter: button)), stopAt: AtClient)).RequiredRedirect;
    }

    private Task<(string ClientId, string Secret)> RegisterThirdPartyAsync() => ThirdPartyClients.RegisterAsync(world, RedirectUri);
}

[Collection(SqliteCollection.Name)]
public sealed class ConsentTestsOnSqlite(SqliteWorld world) : ConsentTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ConsentTestsOnPostgreSql(PostgreSqlWorld world) : ConsentTests(world);
