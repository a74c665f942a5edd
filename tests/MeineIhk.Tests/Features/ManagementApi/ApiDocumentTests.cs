using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Features.ManagementApi;

/// <summary>The OpenAPI document and the interactive reference page, anonymous and served by the provider itself.</summary>
public abstract partial class ApiDocumentTests(TestWorld world)
{
    [Fact]
    public async Task The_openapi_document_lists_every_route_and_the_client_credentials_security_scheme()
    {
        using var http = ManagementApiClient.Bearer(world, null);
        var response = await http.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var paths = document.GetProperty("paths");
        var expected = new Dictionary<string, string[]>
        {
            ["/api/v1/applications"] = ["get", "post"],
            ["/api/v1/applications/{clientId}"] = ["get", "put"],
            ["/api/v1/applications/{clientId}/approval"] = ["post"],
            ["/api/v1/applications/{clientId}/pending-change/approval"] = ["post"],
            ["/api/v1/applications/{clientId}/pending-change"] = ["delete"],
            ["/api/v1/applications/{clientId}/disable"] = ["post"],
            ["/api/v1/applications/{clientId}/enable"] = ["post"],
            ["/api/v1/applications/{clientId}/first-party"] = ["post", "delete"],
            ["/api/v1/applications/{clientId}/secrets"] = ["get", "post"],
            ["/api/v1/applications/{clientId}/secrets/{secretId}"] = ["delete"],
            ["/api/v1/applications/{clientId}/roles"] = ["get", "post"],
            ["/api/v1/applications/{clientId}/roles/{key}"] = ["get", "put", "delete"],
        };
        foreach (var (path, methods) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), "Missing " + path);
            foreach (var method in methods)
            {
                Assert.True(item.TryGetProperty(method, out _), $"Missing {method} {path}");
            }
        }

        Assert.Equal(expected.Count, paths.EnumerateObject().Count());
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2");
        Assert.Equal("oauth2", scheme.GetProperty("type").GetString());
        var flow = scheme.GetProperty("flows").GetProperty("clientCredentials");
        Assert.Equal(new Uri(world.ProviderUrl, "connect/token").ToString(), flow.GetProperty("tokenUrl").GetString());
        Assert.True(flow.GetProperty("scopes").TryGetProperty("ihk.manage", out _));
        Assert.Contains("ihk.manage", document.GetProperty("security")[0].GetProperty("oauth2").EnumerateArray().Select(s => s.GetString()));

        // The re-review: an application shows the change waiting for a platform administrator.
        var application = document.GetProperty("components").GetProperty("schemas").GetProperty("ApplicationResponse").GetProperty("properties");
        Assert.True(application.TryGetProperty("pendingChange", out _), "ApplicationResponse lacks pendingChange");

        // Errors are documented as problem details.
        var create = paths.GetProperty("/api/v1/applications").GetProperty("post").GetProperty("responses");
        Assert.True(create.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(create.TryGetProperty("201", out _));
    }

    [Fact]
    public async Task The_reference_page_and_its_assets_come_from_the_provider_under_a_policy_that_allows_only_its_own_scripts()
    {
        using var http = ManagementApiClient.Bearer(world, null);
        var response = await http.GetAsync("api/reference");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("'sha256-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", policy, StringComparison.Ordinal);
        Assert.Contains("v1.json", html, StringComparison.Ordinal);

        var sources = ScriptSource().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var asset = new Uri(response.RequestMessage!.RequestUri!, source);
            Assert.Equal(world.ProviderUrl.Authority, asset.Authority);
            var script = await http.GetAsync(asset);
            Assert.True(script.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)script.StatusCode}");
            Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType ?? string.Empty, StringComparison.Ordinal);
        }

        // Everything else keeps the strict policy.
        var page = await http.GetAsync("anmelden");
        Assert.DoesNotContain("sha256", string.Join(";", page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"(?<src>[^\"]+)\"")]
    private static partial Regex ScriptSource();
}

[Collection(SqliteCollection.Name)]
public sealed class ApiDocumentTestsOnSqlite(SqliteWorld world) : ApiDocumentTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ApiDocumentTestsOnPostgreSql(PostgreSqlWorld world) : ApiDocumentTests(world);
