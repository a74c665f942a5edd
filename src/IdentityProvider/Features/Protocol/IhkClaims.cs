namespace MeineIhk.IdentityProvider.Features.Protocol;

/// <summary>The product's scope, claims and authorize parameters (see docs/relying-parties.md).</summary>
public static class IhkClaims
{
    public const string OrganisationScope = "ihk.org";

    public const string OrganisationId = "org_id";
    public const string OrganisationName = "org_name";
    public const string Identnummer = "org_ident";
    public const string Chamber = "chamber";

    /// <summary>The provider session (OpenID Connect Front-/Back-Channel Logout); OpenIddict has no constant for it.</summary>
    public const string SessionId = "sid";
    public const string Role = "role";

    /// <summary>Authorize parameter: the org_id the session should act for.</summary>
    public const string OrganisationHint = "org_hint";

    /// <summary>Kept in the server-side principal only (no destination): detects password changes on refresh.</summary>
    public const string SecurityStamp = "ihk_security_stamp";
}
