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
}

/// <summary>One entry of a role catalogue as developers define it.</summary>
public sealed record RoleDefinition(string Key, string DisplayNameDe, string DisplayNameEn, string? Description);
