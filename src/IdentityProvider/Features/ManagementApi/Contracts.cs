using System.Text.Json;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;

namespace MeineIhk.IdentityProvider.Features.ManagementApi;

// The JSON shapes of the management API (camelCase, enums as lower-case strings). Fields are nullable on the way in
// so that a missing value reaches the registry's rules and comes back as a field error, not as a parse failure.

/// <summary>A new Fachanwendung with its role catalogue; the same shape the import file uses.</summary>
public record CreateApplicationRequest
{
    /// <summary>Lower-case letters, digits and hyphens, 3 to 64 characters; never changes.</summary>
    public string? ClientId { get; init; }

    public string? DisplayNameDe { get; init; }

    public string? DisplayNameEn { get; init; }

    /// <summary>confidential (server-side, gets a secret) or public (PKCE only).</summary>
    public ApplicationClientType ClientType { get; init; } = ApplicationClientType.Confidential;

    /// <summary>Exact https addresses (http only on localhost/127.0.0.1/[::1]); no wildcards, no fragments.</summary>
    public IReadOnlyList<string>? RedirectUris { get; init; }

    public IReadOnlyList<string>? PostLogoutRedirectUris { get; init; }

    /// <summary>Of openid, profile, email, offline_access, ihk.org.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>The provider itself refuses users without a role for this application.</summary>
    public bool RoleRequired { get; init; }

    public string? BackChannelLogoutUri { get; init; }

    /// <summary>May call this API (client_credentials with scope ihk.manage).</summary>
    public bool ManagementAccess { get; init; }

    /// <summary>PKCE (S256) required at authorize; may be false only for a confidential client (RFC 9700 §2.1.1).</summary>
    public bool PkceRequired { get; init; } = true;

    public IReadOnlyList<RoleRequest>? Roles { get; init; }

    /// <summary>The application's APIs (RFC 8707 resource indicators): absolute https URIs, each registered by one application only.</summary>
    public IReadOnlyList<string>? Resources { get; init; }

    /// <summary>Public clients only: browser origins (https://host[:port]) allowed to call the protocol endpoints (CORS).</summary>
    public IReadOnlyList<string>? WebOrigins { get; init; }

    /// <summary>Confidential clients only: a JSON Web Key Set of public RSA/EC keys for private_key_jwt (RFC 7523).</summary>
    public JsonElement? Jwks { get; init; }

    /// <summary>Confidential clients only, instead of jwks: where the provider reads the keys for private_key_jwt.</summary>
    public string? JwksUri { get; init; }

    public ApplicationSettings ToSettings(string? clientId = null) => new()
    {
        ClientId = clientId ?? ClientId ?? string.Empty,
        DisplayNameDe = DisplayNameDe ?? string.Empty,
        DisplayNameEn = DisplayNameEn ?? string.Empty,
        ClientType = ClientType,
        RedirectUris = RedirectUris ?? [],
        PostLogoutRedirectUris = PostLogoutRedirectUris ?? [],
        Scopes = Scopes ?? [],
        RoleRequired = RoleRequired,
        BackChannelLogoutUri = BackChannelLogoutUri,
        ManagementAccess = ManagementAccess,
        PkceRequired = PkceRequired,
        Resources = Resources ?? [],
        WebOrigins = WebOrigins ?? [],
        JsonWebKeySet = KeySetText.Of(Jwks),
        JwksUri = JwksUri,
    };

    public List<RoleDefinition> RoleDefinitions() => [.. (Roles ?? []).Select(r => r.ToDefinition())];
}

/// <summary>Everything but the client id and the roles; the client type cannot change (leave it out or repeat it).</summary>
public sealed record UpdateApplicationRequest
{
    public string? DisplayNameDe { get; init; }

    public string? DisplayNameEn { get; init; }

    public ApplicationClientType? ClientType { get; init; }

    public IReadOnlyList<string>? RedirectUris { get; init; }

    public IReadOnlyList<string>? PostLogoutRedirectUris { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }

    public bool RoleRequired { get; init; }

    public string? BackChannelLogoutUri { get; init; }

    public bool ManagementAccess { get; init; }

    public bool PkceRequired { get; init; } = true;

    public IReadOnlyList<string>? Resources { get; init; }

    public IReadOnlyList<string>? WebOrigins { get; init; }

    public JsonElement? Jwks { get; init; }

    public string? JwksUri { get; init; }

    public ApplicationSettings ToSettings(string clientId, ApplicationClientType current) => new()
    {
        ClientId = clientId,
        DisplayNameDe = DisplayNameDe ?? string.Empty,
        DisplayNameEn = DisplayNameEn ?? string.Empty,
        ClientType = ClientType ?? current,
        RedirectUris = RedirectUris ?? [],
        PostLogoutRedirectUris = PostLogoutRedirectUris ?? [],
        Scopes = Scopes ?? [],
        RoleRequired = RoleRequired,
        BackChannelLogoutUri = BackChannelLogoutUri,
        ManagementAccess = ManagementAccess,
        PkceRequired = PkceRequired,
        Resources = Resources ?? [],
        WebOrigins = WebOrigins ?? [],
        JsonWebKeySet = KeySetText.Of(Jwks),
        JwksUri = JwksUri,
    };
}

/// <summary>A JWKS travels as a JSON object in the API and the import file; the registry keeps its text.</summary>
internal static class KeySetText
{
    public static string? Of(JsonElement? jwks) =>
        jwks is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value ? value.GetRawText() : null;

    public static JsonElement? From(string? jwks)
    {
        if (jwks is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(jwks);
        return document.RootElement.Clone();
    }
}

/// <summary>A role of the catalogue. The key is what tokens carry (role claim) and never changes.</summary>
public sealed record RoleRequest
{
    public string? Key { get; init; }

    public string? DisplayNameDe { get; init; }

    public string? DisplayNameEn { get; init; }

    public string? Description { get; init; }

    public RoleDefinition ToDefinition(string? key = null) =>
        new(key ?? Key ?? string.Empty, DisplayNameDe ?? string.Empty, DisplayNameEn ?? string.Empty, Description);
}

/// <summary>Display names and description of an existing role; the key stays.</summary>
public sealed record DescribeRoleRequest
{
    public string? DisplayNameDe { get; init; }

    public string? DisplayNameEn { get; init; }

    public string? Description { get; init; }
}

/// <summary>How long the other valid secrets keep working: whole days, 0 to 30, 7 when left out.</summary>
public sealed record RotateSecretRequest
{
    public int? OverlapDays { get; init; }
}

public sealed record ApplicationResponse(
    string ClientId,
    string DisplayNameDe,
    string DisplayNameEn,
    ApplicationClientType ClientType,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> Scopes,
    bool RoleRequired,
    string? BackChannelLogoutUri,
    bool ManagementAccess,
    bool PkceRequired,
    bool Approved,
    DateTimeOffset? ApprovedAt,
    bool Enabled,
    DateTimeOffset CreatedAt,
    /// <summary>The value of the ETag header; send it back as If-Match with PUT.</summary>
    string ConcurrencyStamp,
    IReadOnlyList<RoleResponse> Roles,
    /// <summary>Users are not asked for consent (set by platform administrators only).</summary>
    bool FirstParty,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> WebOrigins,
    JsonElement? Jwks,
    string? JwksUri,
    /// <summary>
    /// A change of addresses or scopes the developer asked for after approval; null when none waits. The values above
    /// stay in force until a platform administrator approves it.
    /// </summary>
    PendingChangeResponse? PendingChange)
{
    public static ApplicationResponse From(RegisteredApplication registered)
    {
        var (application, settings) = (registered.Fachanwendung, registered.Settings);
        return new(
            application.ClientId, application.DisplayNameDe, application.DisplayNameEn, settings.ClientType,
            [.. settings.RedirectUris], [.. settings.PostLogoutRedirectUris], [.. settings.Scopes], application.RoleRequired,
            application.BackChannelLogoutUri, application.ManagementAccess, settings.PkceRequired, application.IsApproved, Utc.From(application.ApprovedAt),
            application.IsEnabled, Utc.From(application.CreatedAt), application.ConcurrencyStamp.ToString(),
            [.. registered.Roles.Select(r => RoleResponse.From(r, null))], application.FirstParty,
            [.. settings.Resources], [.. settings.WebOrigins], KeySetText.From(settings.JsonWebKeySet), settings.JwksUri,
            PendingChangeResponse.From(application));
    }
}

/// <summary>The requested values of a change waiting for review, and when it was requested.</summary>
public sealed record PendingChangeResponse(
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    string? BackChannelLogoutUri,
    IReadOnlyList<string> Scopes,
    DateTimeOffset RequestedAt)
{
    public static PendingChangeResponse? From(Fachanwendung application) =>
        application is { PendingChange: { } change, PendingChangeRequestedAt: { } at }
            ? new([.. change.RedirectUris], [.. change.PostLogoutRedirectUris], change.BackChannelLogoutUri, [.. change.Scopes], Utc.From(at))
            : null;
}

/// <summary>A list entry: the settings that live in the Fachanwendung itself (GET one application for the protocol settings).</summary>
public sealed record ApplicationSummary(
    string ClientId, string DisplayNameDe, string DisplayNameEn, bool RoleRequired, bool ManagementAccess,
    bool Approved, bool Enabled, DateTimeOffset CreatedAt, IReadOnlyList<string> RoleKeys, bool FirstParty)
{
    public static ApplicationSummary From(Fachanwendung application) => new(
        application.ClientId, application.DisplayNameDe, application.DisplayNameEn, application.RoleRequired, application.ManagementAccess,
        application.IsApproved, application.IsEnabled, Utc.From(application.CreatedAt),
        [.. application.Roles.Select(r => r.Key).Order(StringComparer.Ordinal)], application.FirstParty);
}

/// <summary>The answer to a registration: the application and, for confidential clients, its secret (shown this once).</summary>
public sealed record CreatedApplicationResponse(ApplicationResponse Application, string? ClientSecret, SecretResponse? Secret);

/// <summary>What is known about a secret: never the secret or its hash.</summary>
public sealed record SecretResponse(Guid Id, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    public static SecretResponse From(ApplicationSecret secret) => new(secret.Id, secret.Hint, Utc.From(secret.CreatedAt), Utc.From(secret.ExpiresAt), Utc.From(secret.RevokedAt));
}

/// <summary>A new secret, shown this once; the previous ones keep working until their expiresAt.</summary>
public sealed record IssuedSecretResponse(string ClientSecret, SecretResponse Secret);

public sealed record RoleResponse(string Key, string DisplayNameDe, string DisplayNameEn, string? Description, int? MembersHolding)
{
    public static RoleResponse From(FachanwendungRole role, int? holders) =>
        new(role.Key, role.DisplayNameDe, role.DisplayNameEn, role.Description, holders);
}

public sealed record RoleRemovedResponse(int MembersAffected);

/// <summary>Times are stored in UTC; the database hands them back without a kind, so the API says so explicitly ("…Z").</summary>
internal static class Utc
{
    public static DateTimeOffset From(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? From(DateTime? value) => value is { } v ? From(v) : null;
}
