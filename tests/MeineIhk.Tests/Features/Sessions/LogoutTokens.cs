using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Sessions;

/// <summary>Reading and making logout tokens in tests.</summary>
public static class LogoutTokens
{
    public const string EventType = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>Validates signature (against the published JWKS alone), issuer and audience, and returns the token.</summary>
    public static async Task<JsonWebToken> ValidateAsync(TestWorld world, string token, string audience)
    {
        using var http = new HttpClient();
        var configuration = await new ConfigurationManager<OpenIdConnectConfiguration>(
            new Uri(world.ProviderUrl, ".well-known/openid-configuration").ToString(),
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = false }).GetConfigurationAsync(CancellationToken.None);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = world.ProviderUrl.ToString(),
            ValidAudience = audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidTypes = ["logout+jwt"],
            ValidateLifetime = false, // the provider's clock may have been moved forward
        });
        Assert.True(result.IsValid, "Logout token invalid: " + result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    public static JsonElement Payload(string token) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(new JsonWebToken(token).EncodedPayload)).RootElement.Clone();

    public static string? Subject(string token) => new JsonWebToken(token).Subject;

    /// <summary>A logout token as the provider makes it, with the provider's own key unless another is given; <paramref name="change"/> edits the claims.</summary>
    public static string Make(TestWorld world, string audience, string subject, string? sessionId, Action<Dictionary<string, object>>? change = null,
        SigningCredentials? credentials = null, string tokenType = "logout+jwt")
    {
        var server = world.Provider.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = subject,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["events"] = new Dictionary<string, object> { [EventType] = new Dictionary<string, object>() },
        };
        if (sessionId is not null)
        {
            claims["sid"] = sessionId;
        }

        change?.Invoke(claims);

        // A claim the change set wins over the descriptor's default.
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = claims.ContainsKey("iss") ? null : world.ProviderUrl.ToString(),
            Audience = audience,
            IssuedAt = claims.ContainsKey("iat") ? null : now,
            Expires = claims.ContainsKey("exp") ? null : now.AddMinutes(2),
            Claims = claims,
            SigningCredentials = credentials ?? server.SigningCredentials.First(c => c.Key is AsymmetricSecurityKey),
            TokenType = tokenType,
        });
    }

    public static async Task<HttpResponseMessage> PostAsync(Uri endpoint, string token)
    {
        using var http = new HttpClient();
        using var content = new FormUrlEncodedContent([KeyValuePair.Create("logout_token", token)]);
        return await http.PostAsync(endpoint, content);
    }

    /// <summary>The sid of an ID token (read only; the tests that need it validate the token elsewhere).</summary>
    public static string? SessionIdOf(TokenResponse tokens) =>
        new JsonWebToken(tokens.IdToken!).TryGetPayloadValue<string>("sid", out var sid) ? sid : null;
}
