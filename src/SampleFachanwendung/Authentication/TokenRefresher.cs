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

namespace MeineIhk.SampleFachanwendung.Authentication;

/// <summary>
/// Keeps the session's roles current: when the access token has (nearly) expired, the refresh token is
/// redeemed, and the claims of the new ID token replace the old ones. meine ihk re-reads roles on every
/// refresh, so a withdrawn role is gone here too; a refused refresh ends the session.
/// </summary>
internal sealed class TokenRefresher(IOptionsMonitor<OpenIdConnectOptions> oidcOptions, TimeProvider clock, ILogger<TokenRefresher> logger)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    // Protocol claims the OIDC handler drops too; everything else of the ID token describes the user.
    private static readonly HashSet<string> ProtocolClaims = ["nonce", "aud", "azp", "iss", "iat", "nbf", "exp", "at_hash", "c_hash", "auth_time", "oi_au_id", "oi_tkn_id"];

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        if (expiresAt is null
            || DateTimeOffset.Parse(expiresAt, CultureInfo.InvariantCulture) - clock.GetUtcNow() > Margin)
        {
            return;
        }

        var refreshed = await RefreshAsync(context.Properties.GetTokenValue("refresh_token"), context.HttpContext.RequestAborted);
        if (refreshed is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.ReplacePrincipal(new ClaimsPrincipal(new ClaimsIdentity(
            refreshed.Value.Claims, CookieAuthenticationDefaults.AuthenticationScheme, "name", "role")));
        context.Properties.StoreTokens(refreshed.Value.Tokens);
        context.ShouldRenew = true;
    }

    private async Task<(IEnumerable<Claim> Claims, IEnumerable<AuthenticationToken> Tokens)?> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (refreshToken is null)
        {
            return null;
        }

        var options = oidcOptions.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(options.ClientId!) + ":" + Uri.EscapeDataString(options.ClientSecret ?? string.Empty))));

        using var response = await options.Backchannel.SendAsync(request, cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!response.IsSuccessStatusCode)
        {
            logger.LogInformation("Refresh refused by meine ihk ({Error}); the session ends", body.RootElement.TryGetProperty("error", out var error) ? error.GetString() : response.StatusCode.ToString());
            return null;
        }

        var tokens = body.RootElement;
        var idToken = tokens.GetProperty("id_token").GetString()!;
        var validation = options.TokenValidationParameters.Clone();
        validation.ValidIssuer = configuration.Issuer;
        validation.ValidAudience = options.ClientId;
        validation.IssuerSigningKeys = configuration.SigningKeys;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, validation);
        if (!result.IsValid)
        {
            logger.LogWarning(result.Exception, "The refreshed ID token is not valid; the session ends");
            return null;
        }

        var claims = ((JsonWebToken)result.SecurityToken).Claims.Where(c => !ProtocolClaims.Contains(c.Type)).ToList();
        var expires = clock.GetUtcNow().AddSeconds(tokens.GetProperty("expires_in").GetInt32());
        return (claims,
        [
            new AuthenticationToken { Name = "access_token", Value = tokens.GetProperty("access_token").GetString()! },
            new AuthenticationToken { Name = "refresh_token", Value = tokens.TryGetProperty("refresh_token", out var rotated) ? rotated.GetString()! : refreshToken },
            new AuthenticationToken { Name = "id_token", Value = idToken },
            new AuthenticationToken { Name = "token_type", Value = "Bearer" },
            new AuthenticationToken { Name = "expires_at", Value = expires.ToString("o", CultureInfo.InvariantCulture) },
        ]);
    }
}
