using System.Net;
using AngleSharp.Dom;
using System.Net.Http.Headers;
using System.Text.Json;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Applications;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace MeineIhk.Tests.Features.Protocol.Authorize;

/// <summary>
/// The authorization endpoint as the OpenID Foundation's oidcc-basic plan tries it: one test per module, named after
/// it, over real HTTP. The suite's client sends no PKCE, so it plays a confidential client whose PKCE requirement a
/// platform administrator relaxed (RFC 9700 §2.1.1 keeps it the default). docs/relying-parties.md lists the table.
/// </summary>
public abstract class AuthorizationEndpointConformanceTests(TestWorld world)
{
    private const string Scopes = "openid profile email offline_access";
    private static readonly Uri RedirectUri = new("https://rp.example.de/callback");

    [Fact]
    public async Task Oidcc_server_code_flow_without_PKCE_for_a_relaxed_confidential_client_gives_an_ID_token_with_auth_time()
    {
        var clientId = await RelaxedClientIdAsync();
        using var client = new OidcTestClient(world, clientId, Secret, RedirectUri) { SendPkce = false };
        var hop = await client.AuthorizeAsync("azubi", TestWorld.Password, Scopes, new Dictionary<string, string> { ["nonce"] = "n-0S6_WzA2Mj" });
        var tokens = await client.RedeemAsync(OidcTestClient.CodeFrom(hop.RequiredRedirect));
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        var idToken = await client.ValidateAsync(tokens.IdToken!, audience: clientId);
        Assert.Equal("n-0S6_WzA2Mj", idToken.GetClaim("nonce").Value);
        Assert.True(AuthTime(idToken) <= DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public async Task Without_PKCE_a_client_that_requires_it_gets_invalid_request_at_its_redirect_uri()
    {
        // RFC 9700 §2.1.1 (PKCE required by default) and RFC 6749 §4.1.2.1 (the error goes back to the client).
        using var client = new OidcTestClient(world) { SendPkce = false };
        var response = await client.StartAuthorizeAsync(Scopes);
        Assert.Equal("invalid_request", ErrorAt(response, world.SampleRedirectUri));
    }

    [Fact]
    public async Task Oidcc_prompt_login_demands_the_password_and_the_login_pages_return_address_alone_gives_no_code()
    {
        using var client = await RelaxedClientAsync();
        var first = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        var firstAuthTime = AuthTime(await client.ValidateAsync(first.IdToken!, null));

        world.Clock.Offset += TimeSpan.FromSeconds(5);
        try
        {
            var login = (await client.Session.FollowAsync(await client.StartAuthorizeAsync(Scopes, Extra("prompt", "login")))).RequiredPage;
            Assert.Equal("/anmelden", login.RequestUri.AbsolutePath);

            // OIDC Core §3.1.2.1: opening the return address without the password sends the person to the login again.
            var returnUrl = QueryHelpers.ParseQuery(login.RequestUri.Query)["ReturnUrl"].ToString();
            var bypass = await client.Browser.GetAsync(returnUrl);
            Assert.True(HtmlPage.IsRedirect(bypass));
            Assert.Equal("/anmelden", new Uri(world.ProviderUrl, bypass.Headers.Location!).AbsolutePath);

            var hop = await client.Session.FollowAsync(
                await client.Session.SubmitAsync(login.Form("#login-form", new BrowserSession.Credentials("azubi", TestWorld.Password).FormValues)),
                stopAt: u => u.Host == RedirectUri.Host);
            var second = await client.RedeemAsync(OidcTestClient.CodeFrom(hop.RequiredRedirect));
            Assert.True(AuthTime(await client.ValidateAsync(second.IdToken!, null)) >= firstAuthTime + 5);
        }
        finally
        {
            world.Clock.Offset -= TimeSpan.FromSeconds(5);
        }
    }

    [Fact]
    public async Task Oidcc_prompt_none_not_logged_in_answers_login_required_at_the_redirect_uri()
    {
        using var client = await RelaxedClientAsync();
        var response = await client.StartAuthorizeAsync(Scopes, Extra("prompt", "none"));
        Assert.Equal("login_required", ErrorAt(response, RedirectUri));
        Assert.True(OidcTestClient.Query(Location(response)).ContainsKey("state"));
    }

    [Fact]
    public async Task Oidcc_prompt_none_logged_in_returns_a_code_without_a_page()
    {
        using var client = await RelaxedClientAsync();
        await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        var response = await client.StartAuthorizeAsync(Scopes, Extra("prompt", "none"));
        Assert.True(OidcTestClient.Query(Location(response)).ContainsKey("code"));
    }

    [Fact]
    public async Task Oidcc_max_age_1_forces_a_new_login_and_the_new_auth_time_is_in_the_ID_token()
    {
        using var client = await RelaxedClientAsync();
        var first = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        var firstAuthTime = AuthTime(await client.ValidateAsync(first.IdToken!, null));

        world.Clock.Offset += TimeSpan.FromSeconds(3);
        try
        {
            var login = (await client.Session.FollowAsync(await client.StartAuthorizeAsync(Scopes, Extra("max_age", "1")))).RequiredPage;
            Assert.Equal("/anmelden", login.RequestUri.AbsolutePath);
            var hop = await client.Session.FollowAsync(
                await client.Session.SubmitAsync(login.Form("#login-form", new BrowserSession.Credentials("azubi", TestWorld.Password).FormValues)),
                stopAt: u => u.Host == RedirectUri.Host);
            var second = await client.RedeemAsync(OidcTestClient.CodeFrom(hop.RequiredRedirect));
            Assert.True(AuthTime(await client.ValidateAsync(second.IdToken!, null)) >= firstAuthTime + 3);
        }
        finally
        {
            world.Clock.Offset -= TimeSpan.FromSeconds(3);
        }
    }

    [Fact]
    public async Task Oidcc_max_age_10000_keeps_the_session_and_the_ID_token_carries_the_first_auth_time()
    {
        using var client = await RelaxedClientAsync();
        var first = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        var firstAuthTime = AuthTime(await client.ValidateAsync(first.IdToken!, null));

        var response = await client.StartAuthorizeAsync(Scopes, Extra("max_age", "10000"));
        var second = await client.RedeemAsync(OidcTestClient.CodeFrom(Location(response)));
        Assert.Equal(firstAuthTime, AuthTime(await client.ValidateAsync(second.IdToken!, null)));
    }

    [Fact]
    public async Task Oidcc_id_token_hint_for_the_session_user_with_prompt_none_returns_a_code_for_that_user()
    {
        using var client = await RelaxedClientAsync();
        var first = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        var response = await client.StartAuthorizeAsync(Scopes, new Dictionary<string, string> { ["prompt"] = "none", ["id_token_hint"] = first.IdToken! });
        var second = await client.RedeemAsync(OidcTestClient.CodeFrom(Location(response)));
        Assert.Equal((await client.ValidateAsync(first.IdToken!, null)).Subject, (await client.ValidateAsync(second.IdToken!, null)).Subject);
    }

    [Fact]
    public async Task An_id_token_hint_for_another_user_is_login_required_with_prompt_none_and_otherwise_the_login_for_that_user()
    {
        // OIDC Core §3.1.2.2: the hint names someone other than the logged-in person.
        var clientId = await RelaxedClientIdAsync();
        using var other = new OidcTestClient(world, clientId, Secret, RedirectUri) { SendPkce = false };
        var othersIdToken = (await other.LoginAndRedeemAsync("ausbilder", TestWorld.Password, "openid profile")).IdToken!;

        using var client = new OidcTestClient(world, clientId, Secret, RedirectUri) { SendPkce = false };
        await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid profile");
        var silent = await client.StartAuthorizeAsync("openid profile", new Dictionary<string, string> { ["prompt"] = "none", ["id_token_hint"] = othersIdToken });
        Assert.Equal("login_required", ErrorAt(silent, RedirectUri));

        var login = (await client.Session.FollowAsync(await client.StartAuthorizeAsync("openid profile", Extra("id_token_hint", othersIdToken)))).RequiredPage;
        Assert.Equal("/anmelden", login.RequestUri.AbsolutePath);
        Assert.Equal("ausbilder", login.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Username")!.Value);
    }

    [Fact]
    public async Task A_forged_id_token_hint_is_refused_at_the_redirect_uri()
    {
        using var client = await RelaxedClientAsync();
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        var parts = tokens.IdToken!.Split('.');
        var forged = parts[0] + "." + parts[1] + "." + new string('A', parts[2].Length);
        var response = await client.StartAuthorizeAsync(Scopes, Extra("id_token_hint", forged));
        Assert.Equal("invalid_request", ErrorAt(response, RedirectUri));
    }

    [Fact]
    public async Task Oidcc_ensure_request_without_nonce_succeeds_for_code_flow()
    {
        using var client = await RelaxedClientAsync();
        await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        var response = await client.Browser.GetAsync(Without(client.AuthorizeUrl(Scopes), "nonce"));
        Assert.True(OidcTestClient.Query(Location(response)).ContainsKey("code"));
    }

    [Fact]
    public async Task Oidcc_ensure_other_scope_order_succeeds()
    {
        using var client = await RelaxedClientAsync();
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "email openid");
        Assert.Equal("azubi@example.org", (await client.ValidateAsync(tokens.IdToken!, null)).GetClaim("email").Value);
    }

    [Fact]
    public async Task Oidcc_scope_address_and_phone_unknown_scopes_are_ignored_while_a_known_but_unpermitted_scope_is_refused()
    {
        // OIDC Core §3.1.2.1 / §5.4: unknown scope values are ignored.
        using var client = await RelaxedClientAsync();
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid address phone profile");
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var granted = tokens.Json.GetProperty("scope").GetString()!.Split(' ');
        Assert.DoesNotContain("address", granted);
        Assert.Contains("profile", granted);

        // ihk.manage exists but this client may not use it: refused, at the client's redirect URI.
        var refused = await client.StartAuthorizeAsync("openid ihk.manage");
        Assert.Contains(ErrorAt(refused, RedirectUri), new[] { "invalid_request", "invalid_scope" });
    }

    [Fact]
    public async Task Oidcc_ensure_redirect_uri_in_authorization_request_missing_redirect_uri_gets_the_error_page()
    {
        using var client = await RelaxedClientAsync();
        var response = await client.Browser.GetAsync(Without(client.AuthorizeUrl(Scopes), "redirect_uri"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task An_unsupported_response_type_goes_back_to_the_verified_redirect_uri_with_state()
    {
        // RFC 6749 §4.1.2.1: errors found after the redirect URI is verified go to the client; for a token response
        // type in the fragment (OAuth 2.0 Multiple Response Type Encoding Practices §5).
        using var client = await RelaxedClientAsync();
        var response = await client.StartAuthorizeAsync(Scopes, new Dictionary<string, string> { ["response_type"] = "token", ["state"] = "abc" });
        var location = Location(response);
        Assert.Equal(RedirectUri.GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        var fragment = QueryHelpers.ParseQuery(location.Fragment.TrimStart('#'));
        Assert.Equal("unsupported_response_type", fragment["error"].ToString());
        Assert.Equal("abc", fragment["state"].ToString());
    }

    [Fact]
    public async Task Oidcc_codereuse_30seconds_a_code_used_again_after_30_seconds_is_invalid_grant_and_revokes_the_first_tokens()
    {
        using var client = await RelaxedClientAsync();
        var hop = await client.AuthorizeAsync("azubi", TestWorld.Password, Scopes);
        var code = OidcTestClient.CodeFrom(hop.RequiredRedirect);
        var first = await client.RedeemAsync(code);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        world.Clock.Offset += TimeSpan.FromSeconds(30);
        try
        {
            Assert.Equal("invalid_grant", (await client.RedeemAsync(code)).Error);
            using var introspection = await client.IntrospectAsync(first.AccessToken!);
            Assert.False(introspection.RootElement.GetProperty("active").GetBoolean());
        }
        finally
        {
            world.Clock.Offset -= TimeSpan.FromSeconds(30);
        }
    }

    [Fact]
    public async Task Oidcc_refresh_token_keeps_auth_time_may_narrow_the_scope_and_a_broader_scope_is_invalid_scope()
    {
        using var client = await RelaxedClientAsync();
        var first = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid profile offline_access");
        var authTime = AuthTime(await client.ValidateAsync(first.IdToken!, null));

        // RFC 6749 §6: a scope not granted originally is invalid_scope (not invalid_grant), and the token stays usable.
        var broader = await client.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = first.RefreshToken!, ["scope"] = "openid profile email offline_access" });
        Assert.Equal("invalid_scope", broader.Error);

        var refreshed = await client.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = first.RefreshToken!, ["scope"] = "openid offline_access" });
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var idToken = await client.ValidateAsync(refreshed.IdToken!, null);
        Assert.Equal(authTime, AuthTime(idToken));
        Assert.False(idToken.TryGetClaim("name", out _));
    }

    [Theory]
    [InlineData("get")]
    [InlineData("post-header")]
    [InlineData("post-body")]
    public async Task Oidcc_userinfo_get_post_header_post_body(string how)
    {
        using var client = await RelaxedClientAsync();
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        using var http = new HttpClient { BaseAddress = world.ProviderUrl };
        using var request = new HttpRequestMessage(how == "get" ? HttpMethod.Get : HttpMethod.Post, "connect/userinfo");
        if (how == "post-body")
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = tokens.AccessToken! });
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        }

        if (how == "post-header")
        {
            // A POST is a form post (OpenIddict refuses a POST without the form content type), here an empty one.
            request.Content = new FormUrlEncodedContent([]);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((await client.ValidateAsync(tokens.IdToken!, null)).Subject, json.RootElement.GetProperty("sub").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("kein-echtes-token")]
    public async Task Userinfo_refusals_carry_WWW_Authenticate_and_no_HTML_body(string? accessToken)
    {
        // RFC 6750 §3.
        using var http = new HttpClient { BaseAddress = world.ProviderUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "connect/userinfo");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Oidcc_ensure_request_with_unknown_parameter_succeeds()
    {
        using var client = await RelaxedClientAsync();
        var hop = await client.AuthorizeAsync("azubi", TestWorld.Password, Scopes, Extra("extra_parameter", "foobar"));
        Assert.True(OidcTestClient.Query(hop.RequiredRedirect).ContainsKey("code"));
    }

    [Fact]
    public async Task Oidcc_login_hint_fills_in_the_user_name()
    {
        using var client = await RelaxedClientAsync();
        var login = (await client.Session.FollowAsync(await client.StartAuthorizeAsync(Scopes, Extra("login_hint", "azubi")))).RequiredPage;
        Assert.Equal("/anmelden", login.RequestUri.AbsolutePath);
        Assert.Equal("azubi", login.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Username")!.Value);
    }

    [Fact]
    public async Task Oidcc_claims_essential_the_claims_parameter_is_not_supported_and_ignored()
    {
        using var client = await RelaxedClientAsync();
        using var discovery = await client.DiscoveryAsync();
        Assert.False(discovery.RootElement.TryGetProperty("claims_parameter_supported", out var claims) && claims.GetBoolean());

        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid", new() { ["claims"] = """{"userinfo":{"name":{"essential":true}}}""" });
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
    }

    [Fact]
    public async Task Oidcc_request_uri_unsigned_request_objects_are_not_supported_advertised_false_and_refused_at_the_redirect_uri()
    {
        using var client = await RelaxedClientAsync();
        using var discovery = await client.DiscoveryAsync();
        foreach (var name in new[] { "request_parameter_supported", "request_uri_parameter_supported" })
        {
            Assert.False(discovery.RootElement.TryGetProperty(name, out var value) && value.GetBoolean());
        }

        var response = await client.StartAuthorizeAsync(Scopes, Extra("request", "eyJhbGciOiJub25lIn0.e30."));
        Assert.Equal("request_not_supported", ErrorAt(response, RedirectUri));
    }

    [Fact]
    public async Task Prompt_select_account_shows_the_choice_even_for_one_organisation()
    {
        using var client = await RelaxedClientAsync();
        await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid ihk.org");
        var page = (await client.Session.FollowAsync(await client.StartAuthorizeAsync("openid ihk.org", Extra("prompt", "select_account")))).RequiredPage;
        Assert.Equal("/connect/authorize/organisation", page.RequestUri.AbsolutePath);
        Assert.Contains("Anna Azubi", page.Html, StringComparison.Ordinal);

        var redirect = await client.SubmitOrganisationChoiceAsync(page, "Spiel- und Spaß GmbH");
        var tokens = await client.RedeemAsync(OidcTestClient.CodeFrom(redirect));
        Assert.Equal("Spiel- und Spaß GmbH", (await client.ValidateAsync(tokens.IdToken!, null)).GetClaim("org_name").Value);
    }

    [Fact]
    public async Task Discovery_lists_the_implemented_prompt_values()
    {
        using var client = new OidcTestClient(world);
        using var discovery = await client.DiscoveryAsync();
        var prompts = discovery.RootElement.GetProperty("prompt_values_supported").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("login", prompts);
        Assert.Contains("none", prompts);
        Assert.Contains("select_account", prompts);
    }

    [Fact]
    public async Task Client_credentials_never_issue_an_ID_token_or_a_refresh_token_openid_and_offline_access_are_invalid_scope()
    {
        using var client = new OidcTestClient(world);
        foreach (var scope in new[] { "openid", "offline_access", "openid offline_access" })
        {
            var response = await client.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = scope });
            Assert.Equal("invalid_scope", response.Error);
            Assert.Null(response.AccessToken);
            Assert.Null(response.IdToken);
            Assert.Null(response.RefreshToken);
        }

        var plain = await client.TokenAsync(new() { ["grant_type"] = "client_credentials" });
        Assert.Equal(HttpStatusCode.OK, plain.Status);
        Assert.Null(plain.IdToken);
        Assert.Null(plain.RefreshToken);
    }

    [Fact]
    public async Task Only_a_platform_administrator_relaxes_PKCE_only_for_a_confidential_client_and_the_audit_log_records_it()
    {
        var developer = RegistryActor.Person(Guid.NewGuid().ToString(), isPlatformAdministrator: false);
        var refused = await world.Registry(r => r.CreateAsync(Settings("pkce-dev-" + Suffix()) with { PkceRequired = false }, [], developer));
        Assert.Contains(refused.Errors, e => e.MessageKey == "Applications.Error.PkceRelaxForbidden");

        var publicClient = await world.Registry(r => r.CreateAsync(
            Settings("pkce-pub-" + Suffix()) with { PkceRequired = false, ClientType = ApplicationClientType.Public }, [], RegistryActor.Operator));
        Assert.Contains(publicClient.Errors, e => e.MessageKey == "Applications.Error.PkcePublic");

        var clientId = "pkce-conf-" + Suffix();
        Assert.True((await world.Registry(r => r.CreateAsync(Settings(clientId), [], RegistryActor.Operator))).Succeeded);
        var relaxed = await world.Registry(r => r.UpdateAsync(clientId, Settings(clientId) with { PkceRequired = false }, null, RegistryActor.Operator));
        Assert.True(relaxed.Succeeded);
        Assert.False(relaxed.Value!.Settings.PkceRequired);
        var audited = await world.WithDatabaseAsync(async (db, _) =>
            await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.ApplicationPkceRelaxed && a.Details == clientId));
        Assert.True(audited);
    }

    private const string Secret = "konformitaet-geheimnis-2026";

    private async Task<OidcTestClient> RelaxedClientAsync() =>
        new(world, await RelaxedClientIdAsync(), Secret, RedirectUri) { SendPkce = false };

    private async Task<string> RelaxedClientIdAsync()
    {
        var clientId = "oidcc-" + Suffix();
        var created = await world.Registry(r => r.CreateWithConfiguredSecretAsync(Settings(clientId) with { PkceRequired = false }, [], Secret, RegistryActor.Operator));
        Assert.True(created.Succeeded, string.Join(", ", created.Errors));
        Assert.True((await world.Registry(r => r.ApproveAsync(clientId, RegistryActor.Operator))).Succeeded);
        // These modules are about the authorization endpoint, not consent (Consent/ConsentTests).
        Assert.True((await world.Registry(r => r.SetFirstPartyAsync(clientId, true, RegistryActor.Operator))).Succeeded);
        return clientId;
    }

    private static ApplicationSettings Settings(string clientId) => new()
    {
        ClientId = clientId,
        DisplayNameDe = "Konformitätstest",
        DisplayNameEn = "Conformance test",
        RedirectUris = [RedirectUri.ToString()],
        Scopes = ["openid", "profile", "email", "offline_access", "ihk.org"],
    };

    private static string Suffix() => Guid.NewGuid().ToString("N")[..10];

    private static Dictionary<string, string> Extra(string name, string value) => new() { [name] = value };

    private static long AuthTime(JsonWebToken token) =>
        token.TryGetPayloadValue<long>("auth_time", out var value) ? value : throw new Xunit.Sdk.XunitException("No auth_time in the ID token.");

    private static Uri Without(Uri url, string parameter) => new(url.GetLeftPart(UriPartial.Path) + QueryString(
        QueryHelpers.ParseQuery(url.Query).Where(p => p.Key != parameter)));

    private static string QueryString(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters) =>
        QueryHelpers.AddQueryString(string.Empty, parameters.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())));

    private Uri Location(HttpResponseMessage response)
    {
        Assert.True(HtmlPage.IsRedirect(response), $"Expected a redirect, got {(int)response.StatusCode}");
        return new Uri(world.ProviderUrl, response.Headers.Location!);
    }

    /// <summary>The error of a redirect to the client's registered address (not the provider's page).</summary>
    private string ErrorAt(HttpResponseMessage response, Uri redirectUri)
    {
        var location = Location(response);
        Assert.Equal(redirectUri.GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        return OidcTestClient.Query(location)["error"];
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuthorizationEndpointConformanceTestsOnSqlite(SqliteWorld world) : AuthorizationEndpointConformanceTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class AuthorizationEndpointConformanceTestsOnPostgreSql(PostgreSqlWorld world) : AuthorizationEndpointConformanceTests(world);
