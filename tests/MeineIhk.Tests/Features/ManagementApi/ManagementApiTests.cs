using System.Net;
using System.Net.Http.Json;
using static MeineIhk.Tests.Features.ManagementApi.ManagementApiClient;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure.TestData;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.ManagementApi;

/// <summary>The management API over real HTTP with a real client_credentials token: register, approve, log in, rotate, roles, errors.</summary>
public abstract class ManagementApiTests(TestWorld world)
{
    private static readonly Uri RedirectUri = new("https://app.example.de/signin-oidc");

    [Fact]
    public async Task An_application_registered_through_the_api_and_approved_logs_a_user_in_with_its_role()
    {
        using var api = await CreateAsync(world);
        var clientId = NewClientId();

        var response = await api.PostAsync("api/v1/applications", NewApplication(clientId));
        var created = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/v1/applications/{clientId}", response.Headers.Location?.OriginalString);
        Assert.True(response.Headers.CacheControl?.NoStore, "A secret must not be cached.");
        var secret = created.GetProperty("clientSecret").GetString()!;
        Assert.StartsWith("ihkcs_", secret, StringComparison.Ordinal);
        Assert.Equal("confidential", created.GetProperty("application").GetProperty("clientType").GetString());
        Assert.False(created.GetProperty("application").GetProperty("approved").GetBoolean());

        // Reading it again never shows the secret.
        var read = await api.Http.GetAsync($"api/v1/applications/{clientId}");
        Assert.DoesNotContain(secret, await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(read.Headers.ETag);

        using var relyingParty = new OidcTestClient(world, clientId, secret, RedirectUri);
        Assert.Equal(HttpStatusCode.BadRequest, (await relyingParty.StartAuthorizeAsync("openid")).StatusCode);

        var approved = await JsonAsync(await api.PostAsync($"api/v1/applications/{clientId}/approval", null), HttpStatusCode.OK);
        Assert.True(approved.GetProperty("approved").GetBoolean());
        Assert.False(approved.GetProperty("firstParty").GetBoolean());

        // First-party: the user logs in without a consent page; the mark can be taken away again.
        Assert.True((await JsonAsync(await api.PostAsync($"api/v1/applications/{clientId}/first-party", null), HttpStatusCode.OK)).GetProperty("firstParty").GetBoolean());
        Assert.False((await JsonAsync(await api.DeleteAsync($"api/v1/applications/{clientId}/first-party"), HttpStatusCode.OK)).GetProperty("firstParty").GetBoolean());
        await JsonAsync(await api.PostAsync($"api/v1/applications/{clientId}/first-party", null), HttpStatusCode.OK);

        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", clientId, "leser");
        using var login = new OidcTestClient(world, clientId, secret, RedirectUri);
        var tokens = await login.LoginAndRedeemAsync(userName, TestWorld.Password, "openid profile ihk.org");
        var accessToken = await login.ValidateAsync(tokens.AccessToken!, null);
        Assert.Equal(["leser"], accessToken.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal(clientId, accessToken.GetClaim("client_id").Value);
    }

    [Fact]
    public async Task Renaming_a_role_keeps_the_token_claim_and_removing_it_says_how_many_members_lost_it()
    {
        using var api = await CreateAsync(world);
        var clientId = NewClientId();
        var secret = (await JsonAsync(await api.PostAsync("api/v1/applications", NewApplication(clientId)), HttpStatusCode.Created)).GetProperty("clientSecret").GetString()!;
        await JsonAsync(await api.PostAsync($"api/v1/applications/{clientId}/approval", null), HttpStatusCode.OK);
        await JsonAsync(await api.PostAsync($"api/v1/applications/{clientId}/first-party", null), HttpStatusCode.OK);

        var added = await api.PostAsync($"api/v1/applications/{clientId}/roles", new { key = "pruefer", displayNameDe = "Prüfer(in)", displayNameEn = "Examiner" });
        Assert.Equal(0, (await JsonAsync(added, HttpStatusCode.Created)).GetProperty("membersHolding").GetInt32());
        Assert.Equal($"/api/v1/applications/{clientId}/roles/pruefer", added.Headers.Location?.OriginalString);
        await ProblemAsync(await api.PostAsync($"api/v1/applications/{clientId}/roles", new { key = "pruefer", displayNameDe = "X", displayNameEn = "X" }), HttpStatusCode.Conflict);
        var badKey = await ProblemAsync(await api.PostAsync($"api/v1/applications/{clientId}/roles", new { key = "Groß Buchstaben", displayNameDe = "", displayNameEn = "X" }), HttpStatusCode.BadRequest);
        Assert.True(badKey.GetProperty("errors").TryGetProperty("key", out _));
        Assert.True(badKey.GetProperty("errors").TryGetProperty("displayNameDe", out _));

        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", clientId, "pruefer");
        await world.CreateMemberAsync("Spiel- und Spaß GmbH", clientId, "pruefer", "leser");

        var renamed = await JsonAsync(await api.PutAsync($"api/v1/applications/{clientId}/roles/pruefer",
            new { displayNameDe = "Prüfungsausschuss", displayNameEn = "Examination board", description = "Bewertet Prüfungen" }), HttpStatusCode.OK);
        Assert.Equal("Prüfungsausschuss", renamed.GetProperty("displayNameDe").GetString());
        Assert.Equal("pruefer", renamed.GetProperty("key").GetString());

        using (var login = new OidcTestClient(world, clientId, secret, RedirectUri))
        {
            var tokens = await login.LoginAndRedeemAsync(userName, TestWorld.Password, "openid ihk.org");
            Assert.Equal(["pruefer"], (await login.ValidateAsync(tokens.AccessToken!, null)).Claims.Where(c => c.Type == "role").Select(c => c.Value));
        }

        var roles = await JsonAsync(await api.Http.GetAsync($"api/v1/applications/{clientId}/roles"), HttpStatusCode.OK);
        Assert.Equal(2, roles.EnumerateArray().Single(r => r.GetProperty("key").GetString() == "pruefer").GetProperty("membersHolding").GetInt32());
        Assert.Equal(2, (await JsonAsync(await api.Http.GetAsync($"api/v1/applications/{clientId}/roles/pruefer"), HttpStatusCode.OK)).GetProperty("membersHolding").GetInt32());

        var removed = await JsonAsync(await api.DeleteAsync($"api/v1/applications/{clientId}/roles/pruefer"), HttpStatusCode.OK);
        Assert.Equal(2, removed.GetProperty("membersAffected").GetInt32());
        await ProblemAsync(await api.Http.GetAsync($"api/v1/applications/{clientId}/roles/pruefer"), HttpStatusCode.NotFound);
        await ProblemAsync(await api.DeleteAsync($"api/v1/applications/{clientId}/roles/pruefer"), HttpStatusCode.NotFound);
        await ProblemAsync(await api.PutAsync($"api/v1/applications/{clientId}/roles/pruefer", new { displayNameDe = "X", displayNameEn = "X" }), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("https://*.example.de/signin-oidc", "Applications.Error.UriWildcard")]
    [InlineData("http://app.example.de/signin-oidc", "Applications.Error.UriHttpOnlyLocal")]
    [InlineData("https://app.example.de/signin-oidc#token", "Applications.Error.UriFragment")]
    [InlineData("http://localhost.example.de/signin-oidc", "Applications.Error.UriHttpOnlyLocal")]
    [InlineData("https://app.example.de@evil.example/signin-oidc", "Applications.Error.UriUserInfo")]
    public async Task A_bad_redirect_uri_is_refused_with_problem_details_naming_the_field_and_nothing_is_created(string uri, string code)
    {
        using var api = await CreateAsync(world);
        var clientId = NewClientId();

        var problem = await ProblemAsync(await api.PostAsync("api/v1/applications", NewApplication(clientId, redirectUris: [RedirectUri.ToString(), uri])), HttpStatusCode.BadRequest);

        Assert.Equal([code], problem.GetProperty("errorCodes").GetProperty("redirectUris[1]").EnumerateArray().Select(e => e.GetString()));
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("redirectUris[1]").EnumerateArray()).GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.NotEqual(code, message);
        await ProblemAsync(await api.Http.GetAsync($"api/v1/applications/{clientId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Validation_messages_follow_accept_language_with_german_by_default()
    {
        using var api = await CreateAsync(world);
        var body = NewApplication(NewClientId(), redirectUris: ["https://*.example.de/cb"]);

        var german = await ProblemAsync(await api.PostAsync("api/v1/applications", body), HttpStatusCode.BadRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/applications") { Content = JsonContent.Create(body) };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var english = await ProblemAsync(await api.Http.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.Contains("Wildcards (*) are not allowed", english.GetProperty("errors").GetProperty("redirectUris[0]")[0].GetString(), StringComparison.Ordinal);
        Assert.NotEqual(english.GetProperty("errors").GetProperty("redirectUris[0]")[0].GetString(), german.GetProperty("errors").GetProperty("redirectUris[0]")[0].GetString());
    }

    [Fact]
    public async Task Malformed_json_and_an_unknown_client_type_answer_400_problem_details()
    {
        using var api = await CreateAsync(world);

        await ProblemAsync(await api.PostRawAsync("api/v1/applications", "{ \"clientId\": "), HttpStatusCode.BadRequest);
        await ProblemAsync(await api.PostRawAsync("api/v1/applications",
            $$"""{ "clientId": "{{NewClientId()}}", "displayNameDe": "A", "displayNameEn": "A", "clientType": "geheim" }"""), HttpStatusCode.BadRequest);
        await ProblemAsync(await api.Http.GetAsync("api/v1/applications/gibt-es-nicht"), HttpStatusCode.NotFound);

        // The pages keep their HTML error pages.
        using var browser = Bearer(world, null);
        var page = await browser.GetAsync("gibt-es-nicht");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Issue 15 (RFC 6585 §3, RFC 9110 §13.1.1): a PUT or DELETE without If-Match overwrote blindly; now 428 and nothing changes.</summary>
    [Fact]
    public async Task Put_and_delete_without_If_Match_are_refused_with_428_and_change_nothing()
    {
        using var api = await CreateAsync(world);
        var clientId = NewClientId();
        await JsonAsync(await api.PostAsync("api/v1/applications", NewApplication(clientId)), HttpStatusCode.Created);
        var change = new { displayNameDe = "Ohne Vorbedingung", displayNameEn = "Unconditional", redirectUris = new[] { RedirectUri.ToString() }, scopes = new[] { "openid" } };

        await ProblemAsync(await api.Http.PutAsJsonAsync($"api/v1/applications/{clientId}", change), HttpStatusCode.PreconditionRequired);
        await ProblemAsync(await api.Http.DeleteAsync($"api/v1/applications/{clientId}/roles/leser"), HttpStatusCode.PreconditionRequired);
        await ProblemAsync(await api.Http.PutAsJsonAsync($"api/v1/applications/{clientId}/roles/leser", new { displayNameDe = "X", displayNameEn = "X" }), HttpStatusCode.PreconditionRequired);

        var current = await JsonAsync(await api.Http.GetAsync($"api/v1/applications/{clientId}"), HttpStatusCode.OK);
        Assert.Equal("Prüfungsportal", current.GetProperty("displayNameDe").GetString());
        Assert.Equal(["leser"], current.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("key").GetString()));

        // A stale ETag on a role change: 412.
        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"api/v1/applications/{clientId}/roles/leser");
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"{Guid.NewGuid()}\"");
        await ProblemAsync(await api.Http.SendAsync(stale), HttpStatusCode.PreconditionFailed);
    }

    /// <summary>Issue 15 (ASVS 5.0 2.4.1/15.2.x): 3,000 roles in one request were accepted; now a limit, named in the answer.</summary>
    [Fact]
    public async Task A_request_with_more_roles_than_the_limit_is_refused_with_a_problem_naming_the_limit()
    {
        using var api = await CreateAsync(world);
        var clientId = NewClientId();
        var roles = Enumerable.Range(0, 3000).Select(i => new { key = $"rolle{i}", displayNameDe = $"Rolle {i}", displayNameEn = $"Role {i}", description = (string?)null }).ToArray();
        var body = new
        {
            clientId,
            displayNameDe = "Viele Rollen",
            displayNameEn = "Many roles",
            clientType = "confidential",
            redirectUris = new[] { RedirectUri.ToString() },
            scopes = new[] { "openid" },
            roles,
        };

        var problem = await ProblemAsync(await api.PostAsync("api/v1/applications", body), HttpStatusCode.BadRequest);

        Assert.Equal("roles", problem.GetProperty("field").GetString());
        Assert.Equal(100, problem.GetProperty("limit").GetInt32());
        Assert.Contains("100", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync($"api/v1/applications/{clientId}")).StatusCode);
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_refused_with_412_and_with_the_current_one_succeeds()
    {
        using var api = await CreateAsync(world);
        var clientId = NewClientId();
        await JsonAsync(await api.PostAsync("api/v1/applications", NewApplication(clientId)), HttpStatusCode.Created);
        var etag = (await api.Http.GetAsync($"api/v1/applications/{clientId}")).Headers.ETag!.ToString();
        var change = new { displayNameDe = "Neuer Name", displayNameEn = "New name", redirectUris = new[] { RedirectUri.ToString() }, scopes = new[] { "openid" } };

        Assert.Equal(HttpStatusCode.OK, (await SendPutAsync(api, clientId, change, etag)).StatusCode);
        await ProblemAsync(await SendPutAsync(api, clientId, change with { displayNameDe = "Zu spät" }, etag), HttpStatusCode.PreconditionFailed);

        var current = await JsonAsync(await api.Http.GetAsync($"api/v1/applications/{clientId}"), HttpStatusCode.OK);
        Assert.Equal("Neuer Name", current.GetProperty("displayNameDe").GetString());
        Assert.Equal("confidential", current.GetProperty("clientType").GetString());
        Assert.Equal(["openid"], current.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task A_secret_rotated_through_the_api_overlaps_with_the_old_one_until_the_old_one_is_revoked()
    {
        using var api = await CreateAsync(world);
        var clientId = NewClientId();
        var old = (await JsonAsync(await api.PostAsync("api/v1/applications", NewApplication(clientId)), HttpStatusCode.Created)).GetProperty("clientSecret").GetString()!;
        await JsonAsync(await api.PostAsync($"api/v1/applications/{clientId}/approval", null), HttpStatusCode.OK);

        await ProblemAsync(await api.PostAsync($"api/v1/applications/{clientId}/secrets", new { overlapDays = 31 }), HttpStatusCode.BadRequest);
        var response = await api.PostAsync($"api/v1/applications/{clientId}/secrets", new { overlapDays = 1 });
        var rotated = await JsonAsync(response, HttpStatusCode.Created);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var fresh = rotated.GetProperty("clientSecret").GetString()!;

        using var client = new OidcTestClient(world, clientId, old, RedirectUri);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(old)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(fresh)).Status);

        var list = await api.Http.GetStringAsync($"api/v1/applications/{clientId}/secrets");
        Assert.DoesNotContain(old, list, StringComparison.Ordinal);
        Assert.DoesNotContain("$sha256$", list, StringComparison.Ordinal);
        var secrets = System.Text.Json.JsonDocument.Parse(list).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, secrets.Count);
        var oldSecret = secrets.Single(s => s.GetProperty("id").GetString() != rotated.GetProperty("secret").GetProperty("id").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.String, JsonValueKindOf(oldSecret, "expiresAt"));

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"api/v1/applications/{clientId}/secrets/{oldSecret.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(old)).Error);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(fresh)).Status);
        await ProblemAsync(await api.DeleteAsync($"api/v1/applications/{clientId}/secrets/{oldSecret.GetProperty("id").GetString()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_token_the_api_answers_401_and_with_a_token_that_is_not_a_management_token_403()
    {
        using (var anonymous = Bearer(world, null))
        {
            var response = await anonymous.GetAsync("api/v1/applications");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }

        // A user's token (the sample application's login).
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "auszubildender");
        using var sample = new OidcTestClient(world);
        var userToken = (await sample.LoginAndRedeemAsync(userName, TestWorld.Password, "openid profile")).AccessToken;
        await AssertForbiddenAsync(userToken);

        // A management client's token without the scope.
        var (managementId, managementSecret) = await RegisterClientAsync(world, managementAccess: true);
        using var management = new OidcTestClient(world, managementId, managementSecret);
        await AssertForbiddenAsync((await management.ClientCredentialsAsync(managementSecret)).AccessToken);

        // A client without management access cannot even ask for the scope; its own token is refused.
        var (backendId, backendSecret) = await RegisterClientAsync(world, managementAccess: false);
        using var backend = new OidcTestClient(world, backendId, backendSecret);
        var refused = await backend.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "ihk.manage" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Null(refused.AccessToken);
        await AssertForbiddenAsync((await backend.ClientCredentialsAsync(backendSecret)).AccessToken);

        // Garbage is not a token.
        using var forged = Bearer(world, "kein.gueltiges.token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("api/v1/applications")).StatusCode);
    }

    private async Task AssertForbiddenAsync(string? accessToken)
    {
        Assert.NotNull(accessToken);
        using var http = Bearer(world, accessToken);
        await ProblemAsync(await http.GetAsync("api/v1/applications"), HttpStatusCode.Forbidden);
    }

    private static System.Text.Json.JsonValueKind JsonValueKindOf(System.Text.Json.JsonElement element, string property) => element.GetProperty(property).ValueKind;

    private static Task<HttpResponseMessage> SendPutAsync(ManagementApiClient api, string clientId, object body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"api/v1/applications/{clientId}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return api.Http.SendAsync(request);
    }

    [Fact]
    public async Task PKCE_is_required_by_default_and_the_api_relaxes_it_for_a_confidential_client_only()
    {
        // RFC 9700 §2.1.1: a public client has nothing but PKCE; the management API acts with platform-administrator rights.
        using var api = await CreateAsync(world);
        var publicProblem = await ProblemAsync(await api.PostAsync("api/v1/applications", new
        {
            clientId = NewClientId(), displayNameDe = "Öffentlich", displayNameEn = "Public", clientType = "public",
            redirectUris = new[] { RedirectUri.ToString() }, scopes = new[] { "openid" }, pkceRequired = false,
        }), HttpStatusCode.BadRequest);
        Assert.True(publicProblem.GetProperty("errors").TryGetProperty("pkceRequired", out _));

        var byDefault = await JsonAsync(await api.PostAsync("api/v1/applications", NewApplication(NewClientId())), HttpStatusCode.Created);
        Assert.True(byDefault.GetProperty("application").GetProperty("pkceRequired").GetBoolean());

        var clientId = NewClientId();
        var relaxed = await JsonAsync(await api.PostAsync("api/v1/applications", new
        {
            clientId, displayNameDe = "Vertraulich", displayNameEn = "Confidential", clientType = "confidential",
            redirectUris = new[] { RedirectUri.ToString() }, scopes = new[] { "openid" }, pkceRequired = false,
        }), HttpStatusCode.Created);
        Assert.False(relaxed.GetProperty("application").GetProperty("pkceRequired").GetBoolean());
    }

    internal static string NewClientId() => "fach-" + Guid.NewGuid().ToString("N")[..10];

    internal static object NewApplication(string clientId, string[]? redirectUris = null) => new
    {
        clientId,
        displayNameDe = "Prüfungsportal",
        displayNameEn = "Examination portal",
        clientType = "confidential",
        redirectUris = redirectUris ?? [RedirectUri.ToString()],
        postLogoutRedirectUris = new[] { "https://app.example.de/signout-callback-oidc" },
        scopes = new[] { "openid", "profile", "ihk.org" },
        roleRequired = false,
        roles = new[] { new { key = "leser", displayNameDe = "Leser(in)", displayNameEn = "Reader", description = (string?)null } },
    };
}

[Collection(SqliteCollection.Name)]
public sealed class ManagementApiTestsOnSqlite(SqliteWorld world) : ManagementApiTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ManagementApiTestsOnPostgreSql(PostgreSqlWorld world) : ManagementApiTests(world);
