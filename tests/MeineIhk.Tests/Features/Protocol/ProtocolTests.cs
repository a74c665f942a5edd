using System.Net;
using System.Text.Json;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure.TestData;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Protocol;

/// <summary>The token contract of DESIGN.md, checked over real HTTP with a real OIDC code flow.</summary>
public abstract class ProtocolTests(TestWorld world)
{
    private const string OrgScopes = "openid profile email offline_access ihk.org";

    [Fact]
    public async Task Discovery_offers_code_flow_with_S256_only_and_the_organisation_scope()
    {
        using var client = new OidcTestClient(world);
        using var discovery = await client.DiscoveryAsync();
        var root = discovery.RootElement;

        Assert.Equal(world.ProviderUrl.ToString(), root.GetProperty("issuer").GetString());
        Assert.Equal(["code"], root.GetProperty("response_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["S256"], root.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var grants = root.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.DoesNotContain("password", grants);
        Assert.DoesNotContain("implicit", grants);
        Assert.Contains("ihk.org", root.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "end_session_endpoint", "introspection_endpoint", "revocation_endpoint", "jwks_uri" })
        {
            Assert.StartsWith(world.ProviderUrl.GetLeftPart(UriPartial.Authority), root.GetProperty(endpoint).GetString());
        }
    }

    [Fact]
    public async Task Azubi_gets_signed_tokens_with_exactly_the_organisation_claims_and_own_role()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, OrgScopes);

        var idToken = await client.ValidateAsync(tokens.IdToken!, audience: TestWorld.SampleClientId);
        var accessToken = await client.ValidateAsync(tokens.AccessToken!, audience: null);
        foreach (var token in new[] { idToken, accessToken })
        {
            Assert.Equal("Spiel- und Spaß GmbH", token.GetClaim("org_name").Value);
            Assert.Equal("11", token.GetClaim("org_ident").Value);
            Assert.Equal("101", token.GetClaim("chamber").Value);
            Assert.True(Guid.TryParse(token.GetClaim("org_id").Value, out _));
            Assert.Equal(["auszubildender"], token.Claims.Where(c => c.Type == "role").Select(c => c.Value));
            Assert.Equal("azubi", token.GetClaim("preferred_username").Value);
            Assert.Equal("Anna Azubi", token.GetClaim("name").Value);
        }

        Assert.DoesNotContain(accessToken.Claims, c => c.Type == "ihk_security_stamp");
        Assert.Equal("at+jwt", accessToken.Typ);
    }

    [Fact]
    public async Task Member_without_role_gets_the_organisation_but_no_role_claim()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("ohnerolle", TestWorld.Password, OrgScopes);

        var accessToken = await client.ValidateAsync(tokens.AccessToken!, audience: null);
        Assert.Equal("Spiel- und Spaß GmbH", accessToken.GetClaim("org_name").Value);
        Assert.DoesNotContain(accessToken.Claims, c => c.Type == "role");
    }

    [Fact]
    public async Task Roles_of_another_application_never_reach_this_application()
    {
        using var berichtsheft = new OidcTestClient(world);
        var forBerichtsheft = await berichtsheft.LoginAndRedeemAsync("azubi", TestWorld.Password, OrgScopes);
        var berichtsheftRoles = (await berichtsheft.ValidateAsync(forBerichtsheft.AccessToken!, null)).Claims.Where(c => c.Type == "role").Select(c => c.Value);

        using var pruefung = new OidcTestClient(world, "pruefungsanmeldung", clientSecret: null, new Uri("http://localhost:5003/signin-oidc"));
        var forPruefung = await pruefung.LoginAndRedeemAsync("azubi", TestWorld.Password, OrgScopes);
        var pruefungRoles = (await pruefung.ValidateAsync(forPruefung.AccessToken!, null)).Claims.Where(c => c.Type == "role").Select(c => c.Value);

        Assert.Equal(["auszubildender"], berichtsheftRoles);
        Assert.Equal(["pruefungsteilnehmer"], pruefungRoles);
    }

    [Fact]
    public async Task Without_the_organisation_scope_no_organisation_claim_is_issued()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid profile");

        var accessToken = await client.ValidateAsync(tokens.AccessToken!, null);
        Assert.DoesNotContain(accessToken.Claims, c => c.Type is "role" or "org_id" or "org_name" or "email");
        Assert.Equal("azubi", accessToken.GetClaim("preferred_username").Value);
    }

    [Fact]
    public async Task Refresh_after_the_role_is_withdrawn_yields_no_role_and_the_old_refresh_token_is_dead()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "auszubildender", "ausbildender");
        using var client = new OidcTestClient(world);
        var first = await client.LoginAndRedeemAsync(userName, TestWorld.Password, OrgScopes);
        Assert.Equal(2, (await client.ValidateAsync(first.AccessToken!, null)).Claims.Count(c => c.Type == "role"));

        await world.WithDatabaseAsync(async db =>
        {
            var granted = await db.MemberRoles.Where(r => r.Membership.User.UserName == userName && r.Role.Key == "ausbildender").SingleAsync();
            db.MemberRoles.Remove(granted);
            await db.SaveChangesAsync();
        });

        var refreshed = await client.RefreshAsync(first.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var roles = (await client.ValidateAsync(refreshed.AccessToken!, null)).Claims.Where(c => c.Type == "role").Select(c => c.Value);
        Assert.Equal(["auszubildender"], roles);
        Assert.NotEqual(first.RefreshToken, refreshed.RefreshToken);

        // Rotation: the first refresh token was redeemed; using it again is refused (and revokes the chain).
        var reused = await client.RefreshAsync(first.RefreshToken!);
        Assert.Equal("invalid_grant", reused.Error);
        var afterReuse = await client.RefreshAsync(refreshed.RefreshToken!);
        Assert.Equal("invalid_grant", afterReuse.Error);
    }

    [Fact]
    public async Task Refresh_after_the_membership_with_the_last_role_ends_is_refused()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "auszubildender");
        using var client = new OidcTestClient(world);
        var first = await client.LoginAndRedeemAsync(userName, TestWorld.Password, OrgScopes);

        await world.WithDatabaseAsync(async db =>
        {
            db.Memberships.Remove(await db.Memberships.SingleAsync(m => m.User.UserName == userName));
            await db.SaveChangesAsync();
        });

        // The last role at the application went with the membership: its refresh tokens are revoked at once (issue 6).
        Assert.Equal("invalid_grant", (await client.RefreshAsync(first.RefreshToken!)).Error);
    }

    [Fact]
    public async Task Userinfo_answers_with_fresh_claims_of_the_granted_scopes()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, OrgScopes);

        using var userInfo = await client.UserInfoAsync(tokens.AccessToken!);
        var root = userInfo.RootElement;
        Assert.Equal("azubi", root.GetProperty("preferred_username").GetString());
        Assert.Equal("azubi@example.org", root.GetProperty("email").GetString());
        Assert.Equal("Spiel- und Spaß GmbH", root.GetProperty("org_name").GetString());
        Assert.Equal(["auszubildender"], root.GetProperty("role").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Client_credentials_issue_a_signed_access_token_for_the_client_itself()
    {
        using var client = new OidcTestClient(world);
        var response = await client.ClientCredentialsAsync(TestWorld.SampleSecret);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var token = await client.ValidateAsync(response.AccessToken!, null);
        Assert.Equal(TestWorld.SampleClientId, token.Subject);
        Assert.DoesNotContain(token.Claims, c => c.Type is "role" or "org_id");
        Assert.Null(response.RefreshToken);
    }

    [Fact]
    public async Task A_user_with_roles_in_two_organisations_chooses_one_and_org_hint_preselects()
    {
        using var client = new OidcTestClient(world);
        var page = await client.AuthorizeUntilPageAsync("ausbilder", TestWorld.Password, OrgScopes);
        Assert.Contains("/connect/authorize/organisation", page.RequestUri.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("Organisation auswählen", page.Html, StringComparison.Ordinal);
        Assert.Contains("Musterbau GmbH &amp; Co. KG", page.Html, StringComparison.Ordinal);

        var redirect = await client.SubmitOrganisationChoiceAsync(page, "Musterbau GmbH & Co. KG");
        var tokens = await client.RedeemAsync(OidcTestClient.CodeFrom(redirect));
        var chosen = await client.ValidateAsync(tokens.AccessToken!, null);
        Assert.Equal("Musterbau GmbH & Co. KG", chosen.GetClaim("org_name").Value);
        Assert.Equal("102", chosen.GetClaim("chamber").Value);

        var spielId = await world.WithDatabaseAsync(async (db, _) => (await db.Organisations.SingleAsync(o => o.Identnummer == "11")).Id);
        using var hinted = new OidcTestClient(world);
        var hintedTokens = await hinted.LoginAndRedeemAsync("ausbilder", TestWorld.Password, OrgScopes, new() { ["org_hint"] = spielId.ToString() });
        Assert.Equal("Spiel- und Spaß GmbH", (await hinted.ValidateAsync(hintedTokens.AccessToken!, null)).GetClaim("org_name").Value);
    }

    [Fact]
    public async Task A_role_required_application_refuses_a_user_without_role_with_an_explanation_and_access_denied()
    {
        using var client = new OidcTestClient(world, "pruefungsanmeldung", clientSecret: null, new Uri("http://localhost:5003/signin-oidc"));
        var page = await client.AuthorizeUntilPageAsync("ohnerolle", TestWorld.Password, OrgScopes);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Kein Zugang zu Prüfungsanmeldung", page.Html, StringComparison.Ordinal);
        Assert.Contains("können diese Fachanwendung nicht nutzen", page.Html, StringComparison.Ordinal);

        var back = await client.SubmitFormAsync(page, "#return-to-application");
        Assert.Equal("access_denied", OidcTestClient.Query(back)["error"]);
    }

    [Fact]
    public async Task A_role_required_application_refuses_the_refresh_once_the_last_role_is_gone()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", "pruefungsanmeldung", "pruefungsteilnehmer");
        using var client = new OidcTestClient(world, "pruefungsanmeldung", clientSecret: null, new Uri("http://localhost:5003/signin-oidc"));
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, OrgScopes);

        await world.WithDatabaseAsync(async db =>
        {
            db.MemberRoles.RemoveRange(db.MemberRoles.Where(r => r.Membership.User.UserName == userName));
            await db.SaveChangesAsync();
        });

        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens.RefreshToken!)).Error);
    }

    [Fact]
    public async Task Logout_ends_the_provider_session_and_returns_to_the_registered_uri()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, OrgScopes);

        var redirect = await client.EndSessionAsync(tokens.IdToken!, new Uri(world.SampleUrl, "signout-callback-oidc"));
        Assert.StartsWith(new Uri(world.SampleUrl, "signout-callback-oidc").ToString(), redirect.ToString(), StringComparison.Ordinal);

        // The session is gone: a new authorize request leads to the login page again.
        var again = await client.StartAuthorizeAsync(OrgScopes);
        Assert.Contains("/anmelden", again.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_with_the_same_message_as_an_unknown_user()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId);
        using var client = new OidcTestClient(world);
        string? lastMessage = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            lastMessage = await client.FailedLoginMessageAsync(userName, "Falsches-Passwort-1!");
        }

        Assert.Equal(lastMessage, await client.FailedLoginMessageAsync("gibt-es-nicht", "Falsches-Passwort-1!"));
        // Locked: a wrong password still hears what an unknown user hears; the right one is refused too, but learns why
        // (ASVS 5.0 V6: only whoever knows the password learns the state; Accounts/Login/LockedAccountTests).
        Assert.Equal(lastMessage, await client.FailedLoginMessageAsync(userName, "Falsches-Passwort-2!"));
        Assert.Contains("vorübergehend gesperrt", await client.FailedLoginMessageAsync(userName, TestWorld.Password), StringComparison.Ordinal);
        var locked = await world.WithDatabaseAsync(async (db, _) => await db.Users.SingleAsync(u => u.UserName == userName));
        Assert.True(locked.LockoutEnd > DateTimeOffset.UtcNow);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProtocolTestsOnSqlite(SqliteWorld world) : ProtocolTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ProtocolTestsOnPostgreSql(PostgreSqlWorld world) : ProtocolTests(world);
