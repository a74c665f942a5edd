namespace MeineIhk.IdentityProvider.Features.Applications;

public enum ApplicationClientType
{
    /// <summary>A server-side application that keeps a secret.</summary>
    Confidential,

    /// <summary>An application that cannot keep a secret (browser, desktop); PKCE only.</summary>
    Public,
}

/// <summary>What a developer sets for a Fachanwendung; the same shape for pages, the management API and the import.</summary>
public sealed record ApplicationSettings
{
    public required string ClientId { get; init; }

    public required string DisplayNameDe { get; init; }

    public required string DisplayNameEn { get; init; }

    public ApplicationClientType ClientType { get; init; } = ApplicationClientType.Confidential;

    public IReadOnlyList<string> RedirectUris { get; init; } = [];

    public IReadOnlyList<string> PostLogoutRedirectUris { get; init; } = [];

    /// <summary>Scopes the application may ask for (see <see cref="ApplicationRules.OfferedScopes"/>).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    public bool RoleRequired { get; init; }

    public string? BackChannelLogoutUri { get; init; }

    /// <summary>May call the management API; only platform administrators and operators may set it.</summary>
    public bool ManagementAccess { get; init; }

    /// <summary>
    /// PKCE (S256) is required of every client (RFC 9700 §2.1.1); only a platform administrator may relax it, and only
    /// for a confidential client.
    /// </summary>
    public bool PkceRequired { get; init; } = true;

    // Audiences, client keys and browser origins (rules: ResourcesKeysOrigins).

    /// <summary>The application's own APIs (RFC 8707 resource indicators): absolute URIs, each owned by one application.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>Public clients only: the browser origins (https://host[:port]) that may call the protocol endpoints (CORS).</summary>
    public IReadOnlyList<string> WebOrigins { get; init; } = [];

    /// <summary>Confidential clients only: public keys (JWKS as JSON) for private_key_jwt client authentication.</summary>
    public string? JsonWebKeySet { get; init; }

    /// <summary>Confidential clients only: where the provider reads the keys for private_key_jwt instead.</summary>
    public string? JwksUri { get; init; }
}

/// <summary>One entry of a role catalogue as developers define it.</summary>
public sealed record RoleDefinition(string Key, string DisplayNameDe, string DisplayNameEn, string? Description);
