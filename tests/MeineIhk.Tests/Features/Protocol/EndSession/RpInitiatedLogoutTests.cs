using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.Tests.Features.Sessions;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace MeineIhk.Tests.Features.Protocol.EndSession;

/// <summary>
/// OpenID Connect RP-Initiated Logout 1.0 and Back-Channel Logout 1.0 as the OpenID Foundation's test plans
/// oidcc-rp-initiated-logout and oidcc-backchannel-rp-initiated-logout try them: one test per module, named after it.
/// Like the suite, each test logs in, calls the end-session endpoint as the browser, and checks with a second
/// authorization (prompt=none) whether the provider session really ended.
/// </summary>
public abstract class RpInitiatedLogoutTests(SessionsWorld sessions)
{
    private const string Scope = "openid profile";
    private const string Client = SessionsWorld.RecordedClientA;

    // The suite uses a long state to see that the provider keeps it intact.
    private static readonly string LongState = new string('s', 64) + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    private TestWorld World => sessions.World;

    private Uri Registered => new(sessions.Recorder.Url, "bye/" + Client);

    [Fact]
    public async Task Oidcc_rp_initiated_logout_returns_to_the_registered_uri_with_the_state_and_ends_the_session()
    {
        var (client, tokens, _) = await LoggedInAsync();

        using var response = await EndSessionAsync(client, new() { ["id_token_hint"] = tokens.IdToken, ["post_logout_redirect_uri"] = Registered.ToString(), ["state"] = LongState });

        var location = RedirectOf(response);
        Assert.Equal(Registered.ToString(), location.GetLeftPart(UriPartial.Path));
        Assert.Equal(new Dictionary<string, string> { ["state"] = LongState }, OidcTestClient.Query(location)); // RP-Initiated Logout §3: state, nothing else
        Assert.Equal("login_required", await PromptNoneAsync(client));
        client.Dispose();
    }

    [Fact]
    public async Task Oidcc_rp_initiated_logout_bad_post_logout_redirect_uri_gives_an_error_and_no_redirect()
    {
        var (client, tokens, userId) = await LoggedInAsync();

        using var response = await EndSessionAsync(client, new() { ["id_token_hint"] = tokens.IdToken, ["post_logout_redirect_uri"] = "https://angreifer.example/bye", ["state"] = LongState });

        await AssertErrorPageAsync(response, "invalid_request");
        await AssertNothingEndedAsync(client, userId);
    }

    [Fact]
    public async Task Oidcc_rp_initiated_logout_query_added_to_post_logout_redirect_uri_gives_an_error_and_no_redirect()
    {
        var (client, tokens, userId) = await LoggedInAsync();

        using var response = await EndSessionAsync(client, new() { ["id_token_hint"] = tokens.IdToken, ["post_logout_redirect_uri"] = Registered + "?extra=foobar", ["state"] = LongState });

        await AssertErrorPageAsync(response, "invalid_request");
        await AssertNothingEndedAsync(client, userId);
    }

    [Fact]
    public async Task Oidcc_rp_initiated_logout_modified_id_token_hint_gives_an_error_and_no_redirect()
    {
        var (client, tokens, userId) = await LoggedInAsync();
        var parts = tokens.IdToken!.Split('.');
        var signature = parts[2].ToCharArray();
        signature[signature.Length / 2] = signature[signature.Length / 2] == 'A' ? 'B' : 'A';
        var modified = string.Join('.', parts[0], parts[1], new string(signature));

        using var response = await EndSessionAsync(client, new() { ["id_token_hint"] = modified, ["post_logout_redirect_uri"] = Registered.ToString(), ["state"] = LongState });

        await AssertErrorPageAsync(response, "invalid_request");
        await AssertNothingEndedAsync(client, userId);
    }

    /// <summary>The suite signs an ID token of its own; alg=none, garbage and a token naming no user are no better (OIDC Core §3.1.2.1: id_token_hint is an ID Token the OP issued).</summary>
    [Theory]
    [InlineData("foreign key")]
    [InlineData("alg none")]
    [InlineData("garbage")]
    [InlineData("subject is a client")]
    public async Task Oidcc_rp_initiated_logout_bad_id_token_hint_gives_an_error_and_no_redirect(string kind)
    {
        var (client, tokens, userId) = await LoggedInAsync();
        var hint = kind switch
        {
            "foreign key" => Resigned(tokens.IdToken!, _ => { }, new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = KeyIdOf(tokens.IdToken!) }, SecurityAlgorithms.RsaSha256)),
            "alg none" => Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." + new JsonWebToken(tokens.IdToken!).EncodedPayload + ".",
            "garbage" => "kein.echtes.token",
            _ => Resigned(tokens.IdToken!, payload => payload["sub"] = Client), // what a client_credentials "ID token" would be
        };

        using var response = await EndSessionAsync(client, new() { ["id_token_hint"] = hint, ["post_logout_redirect_uri"] = Registered.ToString(), ["state"] = LongState });

        await AssertErrorPageAsync(response, "invalid_request");
        await AssertNothingEndedAsync(client, userId);
    }

    [Fact]
    public async Task An_expired_id_token_hint_signed_by_the_provider_is_accepted()
    {
        var (client, tokens, _) = await LoggedInAsync();
        var expired = Resigned(tokens.IdToken!, payload =>
        {
            var past = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
            (payload["iat"], payload["nbf"], payload["exp"]) = (past, past, past + 300);
        });

        using var response = await EndSessionAsync(client, new() { ["id_token_hint"] = expired, ["post_logout_redirect_uri"] = Registered.ToString(), ["state"] = "x" });

        Assert.Equal(Registered.ToString(), RedirectOf(response).GetLeftPart(UriPartial.Path));
        Assert.Equal("login_required", await PromptNoneAsync(client));
        client.Dispose();
    }

    [Fact]
    public async Task Oidcc_rp_initiated_logout_no_id_token_hint_asks_the_user_and_does_not_redirect()
    {
        var (client, _, userId) = await LoggedInAsync();

        using var response = await EndSessionAsync(client, new() { ["post_logout_redirect_uri"] = Registered.ToString(), ["state"] = LongState });

        var confirmation = await ConfirmationPageAsync(client, response);
        await AssertNothingEndedAsync(client, userId);
        var done = await ConfirmAsync(client, confirmation);
        Assert.Equal(World.ProviderUrl.Authority, done.RequestUri.Authority); // the client is not identified: no redirect
        Assert.Equal("Sie sind abgemeldet", done.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("login_required", await PromptNoneAsync(client));
        client.Dispose();
    }

    [Fact]
    public async Task Oidcc_rp_initiated_logout_no_params_asks_the_user_and_shows_the_logged_out_page()
    {
        var (client, _, userId) = await LoggedInAsync();

        using var response = await client.Browser.GetAsync("connect/endsession");

        var confirmation = await ConfirmationPageAsync(client, response);
        await AssertNothingEndedAsync(client, userId);
        var done = await ConfirmAsync(client, confirmation);
        Assert.Equal(("/abmelden", "Sie sind abgemeldet"), (done.RequestUri.AbsolutePath, done.Document.QuerySelector("h1")!.TextContent.Trim()));
        Assert.Equal("login_required", await PromptNoneAsync(client));
        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal((Client, BackChannelLogoutReason.Logout), (delivery.ClientId, delivery.Reason));
        client.Dispose();
    }

    [Fact]
    public async Task Oidcc_rp_initiated_logout_only_state_asks_the_user_and_does_not_redirect()
    {
        var (client, _, userId) = await LoggedInAsync();

        using var response = await EndSessionAsync(client, new() { ["state"] = LongState });

        var confirmation = await ConfirmationPageAsync(client, response);
        await AssertNothingEndedAsync(client, userId);
        var done = await ConfirmAsync(client, confirmation);
        Assert.Equal((World.ProviderUrl.Authority, "/abmelden"), (done.RequestUri.Authority, done.RequestUri.AbsolutePath));
        Assert.Equal("login_required", await PromptNoneAsync(client));
        client.Dispose();
    }

    [Fact]
    public async Task Oidcc_rp_initiated_logout_no_post_logout_redirect_uri_logs_out_and_stays_at_the_provider()
    {
        var (client, tokens, _) = await LoggedInAsync();

        using var response = await EndSessionAsync(client, new() { ["id_token_hint"] = tokens.IdToken, ["state"] = LongState });

        var location = RedirectOf(response);
        Assert.Equal((World.ProviderUrl.Authority, "/abmelden"), (location.Authority, location.AbsolutePath));
        var done = (await client.Session.GetAsync(location)).RequiredPage;
        Assert.Equal("Sie sind abgemeldet", done.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("login_required", await PromptNoneAsync(client));
        client.Dispose();
    }

    [Fact]
    public async Task Oidcc_rp_initiated_logout_no_state_returns_to_the_registered_uri_without_a_state()
    {
        var (client, tokens, _) = await LoggedInAsync();

        using var response = await EndSessionAsync(client, new() { ["id_token_hint"] = tokens.IdToken, ["post_logout_redirect_uri"] = Registered.ToString() });

        Assert.Equal(Registered, RedirectOf(response));
        Assert.Equal("login_required", await PromptNoneAsync(client));
        client.Dispose();
    }

    [Fact]
    public async Task Oidcc_backchannel_rp_initiated_logout_sends_the_initiating_relying_party_its_logout_token()
    {
        var (client, tokens, userId) = await LoggedInAsync();
        var idToken = new JsonWebToken(tokens.IdToken!);

        using var response = await EndSessionAsync(client, new() { ["id_token_hint"] = tokens.IdToken, ["post_logout_redirect_uri"] = Registered.ToString(), ["state"] = LongState });

        Assert.Equal(LongState, OidcTestClient.Query(RedirectOf(response))["state"]);
        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal((Client, BackChannelLogoutReason.Logout), (delivery.ClientId, delivery.Reason));
        Assert.NotNull(delivery.DeliveredAt);
        var received = Assert.Single(sessions.Recorder.For(Client), r => LogoutTokens.Subject(r.LogoutToken) == userId);
        var token = await LogoutTokens.ValidateAsync(World, received.LogoutToken, Client); // signature, iss, aud (Back-Channel Logout §2.4)
        Assert.Equal(idToken.Subject, token.Subject);
        Assert.Equal(idToken.GetPayloadValue<string>("sid"), token.GetPayloadValue<string>("sid"));
        var payload = LogoutTokens.Payload(received.LogoutToken);
        Assert.Equal(JsonValueKind.Object, payload.GetProperty("events").GetProperty(LogoutTokens.EventType).ValueKind);
        Assert.False(payload.TryGetProperty("nonce", out _));
        Assert.Equal("login_required", await PromptNoneAsync(client));
        client.Dispose();
    }

    [Fact]
    public async Task An_id_token_hint_of_another_user_counts_as_no_hint_and_the_user_is_asked()
    {
        var (other, otherTokens, _) = await LoggedInAsync();
        other.Dispose();
        var (client, _, userId) = await LoggedInAsync();

        using var response = await EndSessionAsync(client, new() { ["id_token_hint"] = otherTokens.IdToken, ["post_logout_redirect_uri"] = Registered.ToString(), ["state"] = "x" });

        var confirmation = await ConfirmationPageAsync(client, response);
        await AssertNothingEndedAsync(client, userId);
        var done = await ConfirmAsync(client, confirmation);
        Assert.Equal("/abmelden", done.RequestUri.AbsolutePath); // the other user's token identifies no client to return to
        client.Dispose();
    }

    [Fact]
    public async Task With_client_id_and_no_hint_the_user_confirms_and_returns_to_the_registered_uri_with_the_state()
    {
        var (client, _, _) = await LoggedInAsync();

        using var response = await EndSessionAsync(client, new() { ["client_id"] = Client, ["post_logout_redirect_uri"] = Registered.ToString(), ["state"] = LongState });

        var confirmation = await ConfirmationPageAsync(client, response);
        using var confirmed = await client.Session.SubmitAsync(ConfirmForm(confirmation));
        var location = RedirectOf(confirmed);
        Assert.Equal(Registered.ToString(), location.GetLeftPart(UriPartial.Path));
        Assert.Equal(LongState, OidcTestClient.Query(location)["state"]);
        Assert.Equal("login_required", await PromptNoneAsync(client));
        client.Dispose();
    }

    [Fact]
    public async Task A_confirmation_without_the_antiforgery_token_ends_nothing()
    {
        var (client, _, userId) = await LoggedInAsync();
        using var forged = new FormUrlEncodedContent(new Dictionary<string, string> { ["confirm"] = "true" });

        using var response = await client.Browser.PostAsync("connect/endsession", forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingEndedAsync(client, userId);
    }

    [Fact]
    public async Task A_hint_and_a_client_id_naming_different_clients_give_an_error()
    {
        var (client, tokens, userId) = await LoggedInAsync();

        using var response = await EndSessionAsync(client, new()
        {
            ["id_token_hint"] = tokens.IdToken, ["client_id"] = SessionsWorld.RecordedClientB,
            ["post_logout_redirect_uri"] = new Uri(sessions.Recorder.Url, "bye/" + SessionsWorld.RecordedClientB).ToString(),
        });

        await AssertErrorPageAsync(response, "invalid_request");
        await AssertNothingEndedAsync(client, userId);
    }

    [Fact]
    public async Task Without_a_session_at_the_provider_a_valid_hint_returns_to_the_registered_uri()
    {
        var (client, tokens, _) = await LoggedInAsync();
        using var elsewhere = new OidcTestClient(World, Client, SessionsWorld.RecordedSecret, sessions.RedirectUriOf(Client));

        using var response = await EndSessionAsync(elsewhere, new() { ["id_token_hint"] = tokens.IdToken, ["post_logout_redirect_uri"] = Registered.ToString(), ["state"] = "x" });

        Assert.Equal(Registered + "?state=x", RedirectOf(response).ToString());
        client.Dispose();
    }

    [Fact]
    public async Task A_disabled_application_is_not_returned_to()
    {
        var clientId = "abmelden-" + Guid.NewGuid().ToString("N")[..6];
        var registered = new Uri(sessions.Recorder.Url, "bye/" + clientId);
        await sessions.RegisterAsync(clientId, SessionsWorld.RecordedSecret, sessions.RedirectUriOf(clientId), registered, sessions.Recorder.EndpointOf(clientId), "nutzer");
        World.Provider.Services.GetRequiredService<ClientRules>().Forget();
        var userName = await sessions.MemberWithRolesAsync($"{clientId}:nutzer");
        using var client = new OidcTestClient(World, clientId, SessionsWorld.RecordedSecret, sessions.RedirectUriOf(clientId));
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
        await World.WithDatabaseAsync(async db =>
        {
            (await db.Fachanwendungen.SingleAsync(f => f.ClientId == clientId)).Disable();
            await db.SaveChangesAsync();
        });
        World.Provider.Services.GetRequiredService<ClientRules>().Forget();

        using var response = await EndSessionAsync(client, new() { ["id_token_hint"] = tokens.IdToken, ["post_logout_redirect_uri"] = registered.ToString() });

        await AssertErrorPageAsync(response, "unauthorized_client");
    }

    private async Task<(OidcTestClient Client, TokenResponse Tokens, string UserId)> LoggedInAsync()
    {
        var userName = await sessions.MemberWithRolesAsync($"{Client}:nutzer");
        var client = new OidcTestClient(World, Client, SessionsWorld.RecordedSecret, sessions.RedirectUriOf(Client));
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
        return (client, tokens, await sessions.UserIdAsync(userName));
    }

    private static Task<HttpResponseMessage> EndSessionAsync(OidcTestClient client, Dictionary<string, string?> parameters) =>
        client.Browser.GetAsync(QueryHelpers.AddQueryString("connect/endsession", parameters));

    private Uri RedirectOf(HttpResponseMessage response)
    {
        Assert.True(HtmlPage.IsRedirect(response), $"Expected a redirect, got {(int)response.StatusCode}");
        return new Uri(World.ProviderUrl, response.Headers.Location!);
    }

    /// <summary>The second authorization of the suite's modules: prompt=none answers with a code while the session lives, login_required after it.</summary>
    private static async Task<string> PromptNoneAsync(OidcTestClient client)
    {
        using var response = await client.StartAuthorizeAsync(Scope, new Dictionary<string, string> { ["prompt"] = "none" });
        var query = OidcTestClient.Query(response.Headers.Location!);
        return query.TryGetValue("error", out var error) ? error : query.ContainsKey("code") ? "code" : "neither";
    }

    private async Task AssertNothingEndedAsync(OidcTestClient client, string userId)
    {
        Assert.Equal("code", await PromptNoneAsync(client));
        Assert.Empty(await sessions.DeliveriesAsync(userId));
    }

    private async Task<HtmlPage> ConfirmationPageAsync(OidcTestClient client, HttpResponseMessage response)
    {
        var page = (await client.Session.FollowAsync(response)).RequiredPage;
        Assert.Equal((HttpStatusCode.OK, World.ProviderUrl.Authority, "/connect/endsession/confirm"), (page.Status, page.RequestUri.Authority, page.RequestUri.AbsolutePath));
        Assert.Equal("Möchten Sie sich von meine ihk abmelden?", page.Document.QuerySelector("#inhalt p")!.TextContent.Trim());
        return page;
    }

    private static (HttpMethod, Uri, List<KeyValuePair<string, string>>) ConfirmForm(HtmlPage confirmation) =>
        confirmation.Form("#end-session", submitter: (AngleSharp.Html.Dom.IHtmlButtonElement)confirmation.Document.QuerySelector("#end-session button")!);

    private static async Task<HtmlPage> ConfirmAsync(OidcTestClient client, HtmlPage confirmation) =>
        (await client.Session.FollowAsync(await client.Session.SubmitAsync(ConfirmForm(confirmation)))).RequiredPage;

    private static async Task AssertErrorPageAsync(HttpResponseMessage response, string error)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await HtmlPage.ReadAsync(response);
        Assert.Equal("Ungültige Anfrage", page.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(error, page.Document.QuerySelector("dd code")!.TextContent.Trim());
    }

    /// <summary>The ID token with its payload changed and signed again, by the provider's own key unless another is given.</summary>
    private string Resigned(string idToken, Action<JsonObject> change, SigningCredentials? credentials = null)
    {
        var original = new JsonWebToken(idToken);
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(original.EncodedPayload))!.AsObject();
        change(payload);
        var server = World.Provider.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        credentials ??= server.SigningCredentials.First(c => c.Key is AsymmetricSecurityKey && c.Kid == original.Kid);
        return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), credentials, new Dictionary<string, object> { ["typ"] = original.Typ });
    }

    private static string KeyIdOf(string token) => new JsonWebToken(token).Kid;
}

[Collection(SqliteSessionsCollection.Name)]
public sealed class SqliteRpInitiatedLogoutTests(SqliteSessionsWorld sessions) : RpInitiatedLogoutTests(sessions);

[Collection(PostgreSqlSessionsCollection.Name)]
public sealed class PostgreSqlRpInitiatedLogoutTests(PostgreSqlSessionsWorld sessions) : RpInitiatedLogoutTests(sessions);
