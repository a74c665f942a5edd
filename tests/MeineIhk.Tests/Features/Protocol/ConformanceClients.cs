using System.Text.Json;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.Tests.Features.Applications;
using MeineIhk.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace MeineIhk.Tests.Features.Protocol;

/// <summary>Approved, first-party clients registered through the registry for the conformance tests, each with a fresh client id.</summary>
internal static class ConformanceClients
{
    /// <summary>A confidential client that logs users in at the sample app's redirect URI (so OidcTestClient can drive it).</summary>
    public static async Task<(string ClientId, string Secret)> ConfidentialAsync(
        TestWorld world, string prefix, Func<ApplicationSettings, ApplicationSettings>? adjust = null)
    {
        var clientId = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new ApplicationSettings
        {
            ClientId = clientId,
            DisplayNameDe = "Konformität",
            DisplayNameEn = "Conformance",
            RedirectUris = [world.SampleRedirectUri.ToString()],
            Scopes = ["openid", "profile"],
        };
        var created = await world.Registry(async r =>
        {
            var result = await r.CreateAsync(adjust?.Invoke(settings) ?? settings, [], RegistryActor.Operator);
            Assert.True(result.Succeeded, string.Join(", ", result.Errors));
            Assert.True((await r.ApproveAsync(clientId, RegistryActor.Operator)).Succeeded);
            // First-party: these tests are about the protocol, not consent (Consent/ConsentTests).
            Assert.True((await r.SetFirstPartyAsync(clientId, true, RegistryActor.Operator)).Succeeded);
            return result.Value!;
        });
        return (clientId, created.Secret?.PlainText ?? string.Empty);
    }

    /// <summary>The payload of a JWT, unvalidated (the tests validate signatures separately where it matters).</summary>
    public static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement.Clone();

    /// <summary>aud as a list, whether the token carries a string or an array.</summary>
    public static string[] Audiences(string jwt) =>
        Payload(jwt).TryGetProperty("aud", out var aud)
            ? aud.ValueKind == JsonValueKind.Array ? [.. aud.EnumerateArray().Select(a => a.GetString()!)] : [aud.GetString()!]
            : [];
}
