using System.Net;
using System.Text.Json;
using MeineIhk.Tests.Infrastructure;
using static MeineIhk.Tests.Features.ManagementApi.ManagementApiClient;

namespace MeineIhk.Tests.Features.ManagementApi;

/// <summary>API resources, client keys and web origins through the management API: stored, read back, and checked by the same rules.</summary>
public abstract class ManagementApiResourcesKeysOriginsTests(TestWorld world)
{
    private const string Jwks = """{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","kid":"k1"}]}""";

    [Fact]
    public async Task Resources_keys_and_web_origins_are_registered_and_read_back()
    {
        using var api = await CreateAsync(world);
        var clientId = "api-" + Guid.NewGuid().ToString("N")[..8];
        var resource = $"https://{clientId}.example.de/api/";
        var created = await JsonAsync(await api.PostAsync("api/v1/applications", new
        {
            clientId, displayNameDe = "Mit API", displayNameEn = "With API", clientType = "confidential",
            resources = new[] { resource }, jwks = JsonDocument.Parse(Jwks).RootElement,
        }), HttpStatusCode.Created);
        var application = created.GetProperty("application");
        Assert.Equal([resource], application.GetProperty("resources").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("k1", application.GetProperty("jwks").GetProperty("keys")[0].GetProperty("kid").GetString());

        var fetched = await JsonAsync(await api.Http.GetAsync($"api/v1/applications/{clientId}"), HttpStatusCode.OK);
        Assert.Equal([resource], fetched.GetProperty("resources").EnumerateArray().Select(e => e.GetString()));

        var spaId = "spa-" + Guid.NewGuid().ToString("N")[..8];
        var spa = await JsonAsync(await api.PostAsync("api/v1/applications", new
        {
            clientId = spaId, displayNameDe = "SPA", displayNameEn = "SPA", clientType = "public",
            redirectUris = new[] { $"https://{spaId}.example.de/cb" }, scopes = new[] { "openid" }, webOrigins = new[] { $"https://{spaId}.example.de" },
        }), HttpStatusCode.Created);
        Assert.Equal([$"https://{spaId}.example.de"], spa.GetProperty("application").GetProperty("webOrigins").EnumerateArray().Select(e => e.GetString()));

        var taken = await ProblemAsync(await api.PostAsync("api/v1/applications", new
        {
            clientId = "zweit-" + Guid.NewGuid().ToString("N")[..8], displayNameDe = "Z", displayNameEn = "Z", resources = new[] { resource },
        }), HttpStatusCode.BadRequest);
        Assert.True(taken.GetProperty("errors").TryGetProperty("resources[0]", out _), taken.ToString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ManagementApiResourcesKeysOriginsTestsOnSqlite(SqliteWorld world) : ManagementApiResourcesKeysOriginsTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ManagementApiResourcesKeysOriginsTestsOnPostgreSql(PostgreSqlWorld world) : ManagementApiResourcesKeysOriginsTests(world);
