using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MeineIhk.SampleFachanwendung.Authentication;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0: meine ihk posts a logout token here when a session ends at the
/// provider (logout, account locked or deleted, last role lost). The token is validated (2.6) and the session
/// it names is ended on the next request. No cookie and no antiforgery token: the provider calls server to server.
/// </summary>
public static class BackChannelLogoutEndpoint
{
    public const string Path = "/signout-backchannel";

    public const string EventType = "http://schemas.openid.net/event/backchannel-logout";

    public static void MapBackChannelLogout(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, HandleAsync).AllowAnonymous();

    private static async Task<IResult> HandleAsync(
        HttpContext context, IOptionsMonitor<OpenIdConnectOptions> oidcOptions, EndedSessions ended, TimeProvider clock, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(BackChannelLogoutEndpoint));
        context.Response.Headers.CacheControl = "no-store";
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
        var token = form?["logout_token"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            return Invalid();
        }

        var options = oidcOptions.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var validated = await ValidateAsync(token, options, clock);
        if (validated.Error is not null)
        {
            // The reason, never the token.
            logger.LogWarning("Back-channel logout token refused: {Reason}", validated.Error);
            return Invalid();
        }

        await ended.EndAsync(validated.Subject, validated.SessionId, context.RequestAborted);
        logger.LogInformation("Back-channel logout for session {SessionId} (subject {Subject})", validated.SessionId, validated.Subject);
        return Results.Ok();
    }

    private static IResult Invalid() => Results.Json(new { error = "invalid_request" }, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>The checks of Back-Channel Logout 1.0, 2.6, with the keys and issuer from the provider's discovery document.</summary>
    public static async Task<(string? Subject, string? SessionId, string? Error)> ValidateAsync(string token, OpenIdConnectOptions options, TimeProvider clock)
    {
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(CancellationToken.None);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = options.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidTypes = ["logout+jwt"],
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
            ValidateLifetime = false, // checked below against this app's clock
            RequireExpirationTime = false,
        };
        var handler = new JsonWebTokenHandler();
        var result = await handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider may have rotated its keys: read the JWKS again once.
            options.ConfigurationManager.RequestRefresh();
            configuration = await options.ConfigurationManager.GetConfigurationAsync(CancellationToken.None);
            parameters.IssuerSigningKeys = configuration.SigningKeys;
            result = await handler.ValidateTokenAsync(token, parameters);
        }

        if (!result.IsValid)
        {
            return (null, null, result.Exception?.GetType().Name ?? "invalid");
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(((JsonWebToken)result.SecurityToken).EncodedPayload));
        var claims = payload.RootElement;
        var now = clock.GetUtcNow();
        var skew = TimeSpan.FromMinutes(2);
        if (!TryTime(claims, "iat", out var issuedAt) || issuedAt > now + skew || issuedAt < now - TimeSpan.FromMinutes(5))
        {
            return (null, null, "iat missing or not recent");
        }

        if (!TryTime(claims, "exp", out var expires) || expires < now - skew)
        {
            return (null, null, "exp missing or passed");
        }

        if (!claims.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object
            || !events.TryGetProperty(EventType, out var logoutEvent) || logoutEvent.ValueKind != JsonValueKind.Object)
        {
            return (null, null, "events without the back-channel logout event");
        }

        if (claims.TryGetProperty("nonce", out _))
        {
            return (null, null, "nonce present");
        }

        if (!claims.TryGetProperty("jti", out var jti) || jti.ValueKind != JsonValueKind.String)
        {
            return (null, null, "jti missing");
        }

        var subject = Text(claims, "sub");
        var sessionId = Text(claims, "sid");
        if (subject is null && sessionId is null)
        {
            return (null, null, "neither sub nor sid");
        }

        return (subject, sessionId, null);
    }

    private static bool TryTime(JsonElement claims, string name, out DateTimeOffset time)
    {
        time = default;
        if (!claims.TryGetProperty(name, out var value) || !value.TryGetInt64(out var seconds))
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
