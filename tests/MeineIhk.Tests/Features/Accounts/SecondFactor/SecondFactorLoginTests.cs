using System.Net;
using System.Text.Json;
using MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace MeineIhk.Tests.Features.Accounts.SecondFactor;

/// <summary>
/// The second factor through the public surface: enrolment of an authenticator app, the login's second step, step-up
/// inside a session, and what the ID token says about it (RFC 8176 amr, OIDC Core §2 acr and auth_time).
/// </summary>
public abstract class SecondFactorLoginTests(TestWorld world)
{
    private const string Scope = "openid profile offline_access";

    private static readonly Dictionary<string, string> AskForMfa = new() { ["acr_values"] = AuthenticationFactors.AcrMultiFactor };

    private Task<string> NewMemberAsync() => world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "auszubildender");

    private static JsonElement Payload(string idToken) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(idToken.Split('.')[1])).RootElement;

    private static string[] Amr(JsonElement payload) => [.. payload.GetProperty("amr").EnumerateArray().Select(e => e.GetString()!)];

    private async Task<TokenResponse> SecondStepAsync(OidcTestClient client, BrowserSession.Hop hop, string handler, Dictionary<string, string> values)
    {
        var page = hop.RequiredPage;
        Assert.Equal("/anmelden/zweiter-faktor", page.RequestUri.AbsolutePath);
        var next = await client.Session.FollowAsync(await client.Session.SubmitAsync(page.Form(handler, values)), stopAt: AtClient);
        Assert.True(next.Redirect is not null, "Expected the redirect to the client, got " + next.Page?.RequestUri + ": " + next.Page?.Document.QuerySelector(".error-summary")?.TextContent);
        return await client.RedeemAsync(OidcTestClient.CodeFrom(next.Redirect!));
    }

    private bool AtClient(Uri location) => location.AbsoluteUri.StartsWith(world.SampleRedirectUri.AbsoluteUri, StringComparison.Ordinal);

    /// <summary>RFC 8176 §2, OIDC Core §2: a password login says pwd, the level one factor.</summary>
    [Fact]
    public async Task A_password_login_carries_amr_pwd_and_the_one_factor_acr()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync(await NewMemberAsync(), TestWorld.Password, Scope);

        var payload = Payload(tokens.IdToken!);
        Assert.Equal(["pwd"], Amr(payload));
        Assert.Equal(AuthenticationFactors.AcrOneFactor, payload.GetProperty("acr").GetString());
    }

    [Fact]
    public async Task Discovery_lists_the_acr_values_and_the_claims_amr_and_acr()
    {
        using var client = new OidcTestClient(world);
        using var discovery = await client.DiscoveryAsync();

        var acrValues = discovery.RootElement.GetProperty("acr_values_supported").EnumerateArray().Select(e => e.GetString()).ToList();
        var claims = discovery.RootElement.GetProperty("claims_supported").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal([AuthenticationFactors.AcrOneFactor, AuthenticationFactors.AcrMultiFactor], acrValues);
        Assert.Contains("amr", claims);
        Assert.Contains("acr", claims);
    }

    /// <summary>RFC 6238 enrolment, then the login's second step; the refreshed ID token keeps amr, acr and auth_time (OIDC Core §12.2).</summary>
    [Fact]
    public async Task After_enrolment_the_login_asks_for_the_code_and_the_tokens_say_mfa_also_after_refresh()
    {
        var userName = await NewMemberAsync();
        using (var first = new OidcTestClient(world))
        {
            await first.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
            var (app, _) = await Authenticator.EnrolAsync(world, first.Session);

            using var client = new OidcTestClient(world);
            var hop = await client.AuthorizeAsync(userName, TestWorld.Password, Scope);
            var tokens = await SecondStepAsync(client, hop, "#code-form", new() { ["Code"] = app.Code(1) });

            var payload = Payload(tokens.IdToken!);
            Assert.Equal(["pwd", "otp", "mfa"], Amr(payload));
            Assert.Equal(AuthenticationFactors.AcrMultiFactor, payload.GetProperty("acr").GetString());

            var refreshed = Payload((await client.RefreshAsync(tokens.RefreshToken!)).IdToken!);
            Assert.Equal(["pwd", "otp", "mfa"], Amr(refreshed));
            Assert.Equal(AuthenticationFactors.AcrMultiFactor, refreshed.GetProperty("acr").GetString());
            Assert.Equal(payload.GetProperty("auth_time").GetInt64(), refreshed.GetProperty("auth_time").GetInt64());
        }
    }

    /// <summary>RFC 6238 §5.2, ASVS 5.0 6.5.1: a code that was used once is refused for the rest of its window.</summary>
    [Fact]
    public async Task A_used_code_is_refused_within_its_window()
    {
        var userName = await NewMemberAsync();
        using var first = new OidcTestClient(world);
        await first.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
        var (app, _) = await Authenticator.EnrolAsync(world, first.Session);
        // One code, typed twice: computed once, since a 30-second step may end between the two logins.
        var code = app.Code(1);
        using var second = new OidcTestClient(world);
        await SecondStepAsync(second, await second.AuthorizeAsync(userName, TestWorld.Password, Scope), "#code-form", new() { ["Code"] = code });

        using var replay = new OidcTestClient(world);
        var page = (await replay.AuthorizeAsync(userName, TestWorld.Password, Scope)).RequiredPage;
        var refused = (await replay.Session.FollowAsync(await replay.Session.SubmitAsync(page.Form("#code-form", new Dictionary<string, string> { ["Code"] = code })), stopAt: AtClient)).RequiredPage;

        Assert.Equal("/anmelden/zweiter-faktor", refused.RequestUri.AbsolutePath);
        Assert.NotNull(refused.Document.QuerySelector(".error-summary"));
    }

    /// <summary>ASVS 5.0 6.3.1 and 6.5.x: wrong codes count towards the account's lockout like wrong passwords.</summary>
    [Fact]
    public async Task Wrong_codes_lock_the_account()
    {
        var userName = await NewMemberAsync();
        using var first = new OidcTestClient(world);
        await first.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
        var (app, _) = await Authenticator.EnrolAsync(world, first.Session);

        using var client = new OidcTestClient(world);
        var page = (await client.AuthorizeAsync(userName, TestWorld.Password, Scope)).RequiredPage;
        var wrong = app.Code(1) == "000000" ? "111111" : "000000";
        for (var attempt = 0; attempt < 5; attempt++)
        {
            page = (await client.Session.FollowAsync(await client.Session.SubmitAsync(page.Form("#code-form", new Dictionary<string, string> { ["Code"] = wrong })), stopAt: AtClient)).RequiredPage;
        }

        var lockedUntil = await world.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.LockoutEnd).SingleAsync());
        Assert.True(lockedUntil > world.Clock.GetUtcNow(), "Five wrong codes should lock the account.");
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var userName = await NewMemberAsync();
        using var first = new OidcTestClient(world);
        await first.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
        var (_, codes) = await Authenticator.EnrolAsync(world, first.Session);

        using var client = new OidcTestClient(world);
        var tokens = await SecondStepAsync(client, await client.AuthorizeAsync(userName, TestWorld.Password, Scope), "#recovery-form", new() { ["RecoveryCode"] = codes[0] });
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Contains("mfa", Amr(Payload(tokens.IdToken!)));

        using var again = new OidcTestClient(world);
        var page = (await again.AuthorizeAsync(userName, TestWorld.Password, Scope)).RequiredPage;
        var refused = (await again.Session.FollowAsync(await again.Session.SubmitAsync(page.Form("#recovery-form", new Dictionary<string, string> { ["RecoveryCode"] = codes[0] })), stopAt: AtClient)).RequiredPage;
        Assert.Equal("/anmelden/zweiter-faktor", refused.RequestUri.AbsolutePath);
        Assert.NotNull(refused.Document.QuerySelector(".error-summary"));
    }

    /// <summary>
    /// OIDC Core §3.1.2.1 (acr_values) and §3.1.2.6 (interaction_required): a session with the password alone cannot
    /// answer acr_values=mfa silently, so prompt=none gets interaction_required. Setting up a factor in another browser
    /// changes the security stamp, which ends this session (ASVS 5.0 7.4.3): prompt=none then gets login_required, and
    /// the next login asks for the new factor.
    /// </summary>
    [Fact]
    public async Task Acr_values_mfa_with_prompt_none_answers_interaction_required_and_a_factor_set_up_elsewhere_ends_the_password_session()
    {
        var userName = await NewMemberAsync();
        using var passwordOnly = new OidcTestClient(world);
        await passwordOnly.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);

        var silent = await passwordOnly.Session.FollowAsync(await passwordOnly.StartAuthorizeAsync(Scope, new Dictionary<string, string>(AskForMfa) { ["prompt"] = "none" }), stopAt: AtClient);
        Assert.Equal("interaction_required", OidcTestClient.Query(silent.RequiredRedirect)["error"]);

        using var elsewhere = new OidcTestClient(world);
        await elsewhere.LoginAndRedeemAsync(userName, TestWorld.Password, Scope);
        await Authenticator.EnrolAsync(world, elsewhere.Session);

        var ended = await passwordOnly.Session.FollowAsync(await passwordOnly.StartAuthorizeAsync(Scope, new Dictionary<string, string>(AskForMfa) { ["prompt"] = "none" }), stopAt: AtClient);
        Assert.Equal("login_required", OidcTestClient.Query(ended.RequiredRedirect)["error"]);
    }

    [Fact]
    public async Task Acr_values_mfa_without_a_factor_leads_to_the_enrolment()
    {
        using var client = new OidcTestClient(world);
        var hop = await client.AuthorizeAsync(await NewMemberAsync(), TestWorld.Password, Scope, AskForMfa);

        Assert.Equal("/konto/sicherheit/authenticator", hop.RequiredPage.RequestUri.AbsolutePath);
        Assert.NotNull(hop.RequiredPage.Document.QuerySelector("#authenticator-form"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SecondFactorLoginTestsOnSqlite(SqliteWorld world) : SecondFactorLoginTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class SecondFactorLoginTestsOnPostgreSql(PostgreSqlWorld world) : SecondFactorLoginTests(world);
