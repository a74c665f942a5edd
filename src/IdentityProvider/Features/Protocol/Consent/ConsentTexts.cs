using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Protocol.Consent;

/// <summary>The resource key that names, in the user's words, the data a scope gives an application ("Consent.Scope." + key).</summary>
public static class ConsentTexts
{
    public static string KeyOf(string scope) => scope switch
    {
        Scopes.OpenId => "OpenId",
        Scopes.Profile => "Profile",
        Scopes.Email => "Email",
        IhkClaims.OrganisationScope => "Organisation",
        Scopes.OfflineAccess => "OfflineAccess",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a scope a user can grant."),
    };
}
