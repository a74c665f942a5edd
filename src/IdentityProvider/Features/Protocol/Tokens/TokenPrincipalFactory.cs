using System.Collections.Immutable;
using System.Security.Claims;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Protocol.Tokens;

/// <summary>The one place that turns a user, the granted scopes and the chosen organisation into token claims.</summary>
public static class TokenPrincipalFactory
{
    /// <param name="authTime">The last interactive authentication (Unix seconds): every ID token names it (OIDC Core §2).</param>
    public static ClaimsPrincipal ForUser(
        ApplicationUser user, ImmutableArray<string> scopes, OrganisationContext? organisation, string? sessionId = null, long? authTime = null,
        IReadOnlyList<string>? methods = null)
    {
        var identity = new ClaimsIdentity(
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);

        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.GivenName, user.GivenName)
            .SetClaim(Claims.FamilyName, user.FamilyName)
            .SetClaim(Claims.PreferredUsername, user.UserName)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.EmailVerified, user.EmailConfirmed)
            .SetClaim(IhkClaims.SecurityStamp, user.SecurityStamp)
            .SetClaim(IhkClaims.SessionId, sessionId);
        if (authTime is { } seconds)
        {
            identity.AddClaim(new Claim(Claims.AuthenticationTime, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        // How the person authenticated (RFC 8176) and the level that follows (OIDC Core §2 acr); see AuthenticationFactors.
        if (methods is { Count: > 0 })
        {
            identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, System.Text.Json.JsonSerializer.Serialize(methods), Microsoft.IdentityModel.JsonWebTokens.JsonClaimValueTypes.JsonArray));
            identity.SetClaim(Claims.AuthenticationContextReference, Features.Accounts.SecondFactor.AuthenticationFactors.AcrOf(methods));
        }

        if (organisation is not null && scopes.Contains(IhkClaims.OrganisationScope))
        {
            identity.SetClaim(IhkClaims.OrganisationId, organisation.OrganisationId.ToString())
                .SetClaim(IhkClaims.OrganisationName, organisation.Firmierung)
                .SetClaim(IhkClaims.Identnummer, organisation.Identnummer)
                .SetClaim(IhkClaims.Chamber, organisation.Kammernummer)
                .SetClaims(IhkClaims.Role, [.. organisation.Roles]);
        }

        identity.SetScopes(scopes);
        identity.SetDestinations(claim => DestinationsFor(claim, scopes));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>A client acting for itself: an access token only (openid and offline_access are refused before this).</summary>
    public static ClaimsPrincipal ForClient(string clientId, string? displayName, ImmutableArray<string> scopes)
    {
        var identity = new ClaimsIdentity(
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, displayName);
        identity.SetScopes(scopes);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Subject or Claims.Name => [OpenIddictConstants.Destinations.AccessToken],
            _ => [],
        });
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Every claim has a reason to be in every token it is in: the scope that asked for it.</summary>
    private static IEnumerable<string> DestinationsFor(Claim claim, ImmutableArray<string> scopes) => claim.Type switch
    {
        Claims.Subject => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],

        Claims.Name or Claims.GivenName or Claims.FamilyName or Claims.PreferredUsername when scopes.Contains(Scopes.Profile) =>
            [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],

        Claims.Email or Claims.EmailVerified when scopes.Contains(Scopes.Email) =>
            [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],

        IhkClaims.OrganisationId or IhkClaims.OrganisationName or IhkClaims.Identnummer or IhkClaims.Chamber or IhkClaims.Role
            when scopes.Contains(IhkClaims.OrganisationScope) =>
            [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],

        // The provider session: the client's back-channel logout notices name it.
        IhkClaims.SessionId => [OpenIddictConstants.Destinations.IdentityToken],

        // When the person last proved who they are; relying parties compare it with max_age (OIDC Core §3.1.2.1).
        Claims.AuthenticationTime => [OpenIddictConstants.Destinations.IdentityToken],

        // How, and how strongly: relying parties that need a second factor check acr or amr (docs/relying-parties.md).
        Claims.AuthenticationMethodReference or Claims.AuthenticationContextReference => [OpenIddictConstants.Destinations.IdentityToken],

        // The security stamp and anything else stays in the server-side principal (codes, refresh tokens).
        _ => [],
    };

    /// <summary>The amr values of a principal (one JSON array claim, or one claim per value after a round trip).</summary>
    public static IReadOnlyList<string> MethodsOf(ClaimsPrincipal principal) =>
        [.. principal.FindAll(Claims.AuthenticationMethodReference).SelectMany(c => c.Value.StartsWith('[')
            ? System.Text.Json.JsonSerializer.Deserialize<string[]>(c.Value) ?? []
            : [c.Value])];

    /// <summary>Claims for the userinfo response, by the same scope rules as the tokens.</summary>
    public static Dictionary<string, object> UserInfo(ClaimsPrincipal fresh)
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var group in fresh.Claims
                     .Where(c => c.GetDestinations().Contains(OpenIddictConstants.Destinations.IdentityToken))
                     .GroupBy(c => c.Type))
        {
            result[group.Key] = group.Key == IhkClaims.Role
                ? group.Select(c => c.Value).ToArray()
                : group.Key == Claims.EmailVerified ? bool.Parse(group.First().Value) : group.First().Value;
        }

        return result;
    }
}
