using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MeineIhk.IdentityProvider.Features.Applications;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.ManagementApi;

/// <summary>The platform team's automation: a client with management access, registered through the registry, calling the API over HTTP.</summary>
public sealed class ManagementApiClient : IDisposable
{
    private ManagementApiClient(string clientId, string secret, HttpClient http)
    {
        ClientId = clientId;
        Secret = secret;
        Http = http;
    }

    public string ClientId { get; }

    public string Secret { get; }

    public HttpClient Http { get; }

    public static async Task<ManagementApiClient> CreateAsync(TestWorld world)
    {
        var (clientId, secret) = await RegisterClientAsync(world, managementAccess: true);
        using var oidc = new OidcTestClient(world, clientId, secret);
        var token = await oidc.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = ApplicationRules.ManagementScope });
        Assert.True(token.Status == HttpStatusCode.OK, token.Json.ToString());
        return new ManagementApiClient(clientId, secret, Bearer(world, token.AccessToken));
    }

    /// <summary>An approved confidential client for back ends, without redirect URIs.</summary>
    public static async Task<(string ClientId, string Secret)> RegisterClientAsync(TestWorld world, bool managementAccess)
    {
        var clientId = (managementAccess ? "verwaltung-" : "backend-") + Guid.NewGuid().ToString("N")[..8];
        var created = await world.WithDatabaseAsync(async (_, services) =>
        {
            var registry = services.GetRequiredService<ApplicationRegistry>();
            var result = await registry.CreateAsync(new ApplicationSettings
            {
                ClientId = clientId, DisplayNameDe = "Automation", DisplayNameEn = "Automation", ManagementAccess = managementAccess,
            }, [], RegistryActor.Operator);
            Assert.True(result.Succeeded, string.Join(", ", result.Errors));
            Assert.True((await registry.ApproveAsync(clientId, RegistryActor.Operator)).Succeeded);
            return result.Value!;
        });
        return (clientId, created.Secret!.PlainText);
    }

    public static HttpClient Bearer(TestWorld world, string? accessToken)
    {
        var http = new HttpClient { BaseAddress = world.ProviderUrl };
        if (accessToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return http;
    }

    public Task<HttpResponseMessage> PostAsync(string path, object? body) => Http.PostAsJsonAsync(path, body);

    /// <summary>A PUT with If-Match: the ETag of the application the path belongs to, read just before (required since issue 15).</summary>
    public async Task<HttpResponseMessage> PutAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        await WithIfMatchAsync(request);
        return await Http.SendAsync(request);
    }

    /// <summary>A DELETE with If-Match, as <see cref="PutAsync"/>.</summary>
    public async Task<HttpResponseMessage> DeleteAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, path);
        await WithIfMatchAsync(request);
        return await Http.SendAsync(request);
    }

    private async Task WithIfMatchAsync(HttpRequestMessage request)
    {
        var application = string.Join('/', request.RequestUri!.OriginalString.Split('/').Take(4)); // api/v1/applications/{clientId}
        using var current = await Http.GetAsync(application);
        if (current.Headers.ETag is { } etag)
        {
            request.Headers.IfMatch.Add(etag);
        }
    }

    public Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>An RFC 9457 answer: the media type and the status in the body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await JsonAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public void Dispose() => Http.Dispose();
}
