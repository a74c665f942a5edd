using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace MeineIhk.SampleFachanwendung.Authentication;

/// <summary>
/// Keeps the session's roles current: when the access token has (nearly) expired, the refresh token is
/// redeemed and the claims of the new tokens replace the old ones. meine ihk re-reads roles on every
/// refresh, so a withdrawn role is gone here too; a refused refresh ends the session.
/// </summary>
internal sealed class TokenRefresher(IOptionsMonitor<OpenIdConnectOptions> oidcOptions, TimeProvider clock, ILogger<TokenRefresher> logger)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    // A page and its sub-requests may arrive at once with the same old cookie. meine ihk rotates refresh
    // tokens and treats reuse as theft, so they share one redemption for a short while.
    private static readonly TimeSpan SharedRedemptionWindow = TimeSpan.FromSeconds(30);

    private static readonly HashSet<string> OrganisationClaims = ["role", "org_id", "org_name", "org_ident", "chamber"];

    private readonly ConcurrentDictionary<string, Lazy<Task<RefreshedSession?>>> _redemptions = new(StringComparer.Ordinal);

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (!IsDue(context.Properties.GetTokenValue("expires_at")))
        {
            return;
        }

        var refreshToken = context.Properties.GetTokenValue("refresh_token");
        var current = context.Principal;
        var refreshed = refreshToken is null || current is null
            ? null
            : await _redemptions.GetOrAdd(refreshToken, token => new(() => RedeemOnceAsync(token, current))).Value;
        if (refreshed is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        var tokens = context.Properties.GetTokens().ToDictionary(t => t.Name, t => t.Value, StringComparer.Ordinal);
        foreach (var (name, value) in refreshed.Tokens)
        {
            tokens[name] = value;
        }

        context.Properties.StoreTokens(tokens.Select(t => new AuthenticationToken { Name = t.Key, Value = t.Value }));
        context.ReplacePrincipal(refreshed.Principal);
        context.ShouldRenew = true;
    }

    private bool IsDue(string? expiresAt) =>
        expiresAt is not null
        && (!DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expires)
            || expires - clock.GetUtcNow() <= Margin);

    private async Task<RefreshedSession?> RedeemOnceAsync(string refreshToken, ClaimsPrincipal current)
    {
        try
        {
            return await RedeemAsync(refreshToken, current);
        }
        finally
        {
            _ = ForgetLaterAsync(refreshToken);
        }
    }

    private async Task ForgetLaterAsync(string refreshToken)
    {
        await Task.Delay(SharedRedemptionWindow, clock);
        _redemptions.TryRemove(refreshToken, out _);
    }

    private async Task<RefreshedSession?> RedeemAsync(string refreshToken, ClaimsPrincipal current)
    {
        var options = oidcOptions.Get(OpenIdConnectDefaults.AuthenticationScheme);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(CancellationToken.None);
            using var request = TokenRequest(configuration.TokenEndpoint, options, refreshToken);
            using var response = await options.Backchannel.SendAsync(request);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var answer = body.RootElement;
            var accessToken = Text(answer, "access_token");
            if (!response.IsSuccessStatusCode || accessToken is null)
            {
                logger.LogInformation("meine ihk refused the refresh ({Error}); the session ends", Text(answer, "error") ?? response.StatusCode.ToString());
                return null;
            }

            var idToken = Text(answer, "id_token");
            var identity = idToken is null
                ? await FromAccessTokenAsync(accessToken, current, configuration, options)
                : await FromIdTokenAsync(idToken, current, configuration, options);
            if (identity is null)
            {
                return null;
            }

            var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["access_token"] = accessToken,
                ["token_type"] = Text(answer, "token_type") ?? "Bearer",
            };
            if (Text(answer, "refresh_token") is { } rotated)
            {
                tokens["refresh_token"] = rotated;
            }

            if (idToken is not null)
            {
                tokens["id_token"] = idToken;
            }

            if (answer.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var seconds))
            {
                tokens["expires_at"] = clock.GetUtcNow().AddSeconds(seconds).ToString("o", CultureInfo.InvariantCulture);
            }

            return new RefreshedSession(new ClaimsPrincipal(identity), tokens);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            // Without an answer the roles cannot be confirmed, and stale roles must not outlive the access token.
            logger.LogWarning(e, "The session could not be refreshed at meine ihk; it ends");
            return null;
        }
    }

    private async Task<ClaimsIdentity?> FromIdTokenAsync(string idToken, ClaimsPrincipal current, OpenIdConnectConfiguration configuration, OpenIdConnectOptions options)
    {
        var validation = ValidationParameters(configuration, options);
        validation.ValidAudience = options.ClientId;
        var identity = await ValidateTokenAsync(idToken, validation, current, options);
        if (identity is null)
        {
            return null;
        }

        // The same clean-up the handler applied to the first ID token, so both principals look alike.
        using var noUserInfo = JsonDocument.Parse("{}");
        foreach (var action in options.ClaimActions)
        {
            action.Run(noUserInfo.RootElement, identity, options.ClaimsIssuer ?? configuration.Issuer);
        }

        return identity;
    }

    // A provider may answer a refresh without an ID token; the access token carries the same roles and organisation.
    private async Task<ClaimsIdentity?> FromAccessTokenAsync(string accessToken, ClaimsPrincipal current, OpenIdConnectConfiguration configuration, OpenIdConnectOptions options)
    {
        var validation = ValidationParameters(configuration, options);
        validation.ValidateAudience = false; // meine ihk adds aud only for requested resources
        var token = await ValidateTokenAsync(accessToken, validation, current, options);
        var issuedTo = token?.FindFirst("client_id")?.Value ?? token?.FindFirst("azp")?.Value;
        if (token is null || (issuedTo is not null && issuedTo != options.ClientId))
        {
            return null;
        }

        var identity = new ClaimsIdentity(
            current.Claims.Where(c => !OrganisationClaims.Contains(c.Type)),
            current.Identity?.AuthenticationType, "name", "role");
        identity.AddClaims(token.Claims.Where(c => OrganisationClaims.Contains(c.Type)));
        return identity;
    }

    private async Task<ClaimsIdentity?> ValidateTokenAsync(string token, TokenValidationParameters validation, ClaimsPrincipal current, OpenIdConnectOptions options)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, validation);
        if (!result.IsValid)
        {
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                options.ConfigurationManager!.RequestRefresh(); // keys rotated: the next login fetches the new JWKS
            }

            logger.LogWarning(result.Exception, "A token from the refresh is not valid; the session ends");
            return null;
        }

        // OpenID Connect Core 12.2: the refreshed tokens must name the same person.
        if (result.ClaimsIdentity.FindFirst("sub")?.Value is not { } subject || subject != current.FindFirst("sub")?.Value)
        {
            logger.LogWarning("A token from the refresh names another subject; the session ends");
            return null;
        }

        return result.ClaimsIdentity;
    }

    private static TokenValidationParameters ValidationParameters(OpenIdConnectConfiguration configuration, OpenIdConnectOptions options)
    {
        var validation = options.TokenValidationParameters.Clone();
        validation.ValidIssuer = configuration.Issuer;
        validation.IssuerSigningKeys = configuration.SigningKeys;
        return validation;
    }

    private static HttpRequestMessage TokenRequest(string tokenEndpoint, OpenIdConnectOptions options, string refreshToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
            }),
        };

        // client_secret_basic: RFC 6749 2.3.1 form-encodes id and secret before joining them.
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(options.ClientId!) + ":" + Uri.EscapeDataString(options.ClientSecret ?? string.Empty))));
        return request;
    }

    private static string? Text(JsonElement answer, string name) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private sealed record RefreshedSession(ClaimsPrincipal Principal, IReadOnlyDictionary<string, string> Tokens);
}
