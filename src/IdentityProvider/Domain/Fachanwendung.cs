using System.Text.Json;

namespace MeineIhk.IdentityProvider.Domain;

/// <summary>
/// A specialised application of the chambers. Its OpenIddict client carries the protocol settings
/// (client type, redirect URIs, permissions, the newest secret's hash); this entity carries what the product
/// adds: who registered it, whether a platform administrator approved it and whether it is enabled, the role
/// catalogue, whether the provider itself refuses users without a role, the back-channel logout address and
/// every secret with its validity (for rotation with overlap).
/// </summary>
public class Fachanwendung
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The OAuth client_id of the OpenIddict application; stable.</summary>
    public required string ClientId { get; set; }

    public required string DisplayNameDe { get; set; }

    public required string DisplayNameEn { get; set; }

    /// <summary>When set, the provider answers access_denied for users without a role here.</summary>
    public bool RoleRequired { get; set; }

    /// <summary>Users must have passed a second factor in their session to log in here (step-up, acr urn:meine-ihk:acr:mfa).</summary>
    public bool RequiresSecondFactor { get; set; }

    /// <summary>A platform administrator can switch an application off at once (tokens and logins refused).</summary>
    public bool IsEnabled { get; set; } = true;

    /// <summary>The developer who registered it; null for applications set up by an operator (seed, import).</summary>
    public string? OwnerUserId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Set when a platform administrator approved it; only approved applications are offered to organisations and may log users in.</summary>
    public DateTime? ApprovedAt { get; set; }

    public string? ApprovedBy { get; set; }

    public bool IsApproved => ApprovedAt is not null;

    /// <summary>True when users may log in and tokens may be issued.</summary>
    public bool IsUsable => IsEnabled && IsApproved;

    /// <summary>Where the provider posts OpenID Connect back-channel logout tokens; optional.</summary>
    public string? BackChannelLogoutUri { get; set; }

    /// <summary>May call the management API (client_credentials with the management scope); only platform administrators grant it.</summary>
    public bool ManagementAccess { get; set; }

    // Consent: whether the platform vouches for the application.
    /// <summary>
    /// Set by a platform administrator for the chambers' own applications: users are not asked for consent (implicit
    /// consent). Every other application shows the consent page the first time and whenever it asks for more.
    /// </summary>
    public bool FirstParty { get; set; }

    public void SetFirstParty(bool firstParty)
    {
        FirstParty = firstParty;
        Touch();
    }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    // Re-review: an approved application's addresses and scopes change only after a platform administrator approves.

    /// <summary>The requested change as JSON (one column for all providers); null when nothing waits for review.</summary>
    public string? PendingChangeJson { get; private set; }

    public DateTime? PendingChangeRequestedAt { get; private set; }

    public string? PendingChangeRequestedBy { get; private set; }

    public PendingApplicationChange? PendingChange =>
        PendingChangeJson is null ? null : JsonSerializer.Deserialize<PendingApplicationChange>(PendingChangeJson, PendingJson);

    /// <summary>Replaces an earlier request; the same request again keeps its time.</summary>
    public void RequestChange(PendingApplicationChange change, string requestedBy, DateTime now)
    {
        if (PendingChange is { } earlier && earlier.SameAs(change))
        {
            return;
        }

        PendingChangeJson = JsonSerializer.Serialize(change, PendingJson);
        PendingChangeRequestedAt = now;
        PendingChangeRequestedBy = requestedBy;
        Touch();
    }

    /// <summary>Ends the pending change (approved or rejected); the caller applies an approved one.</summary>
    public PendingApplicationChange DecidePendingChange(bool approved)
    {
        var change = PendingChange ?? throw new DomainRuleException(DomainRule.NoPendingChange);
        if (approved)
        {
            BackChannelLogoutUri = change.BackChannelLogoutUri;
        }

        PendingChangeJson = null;
        PendingChangeRequestedAt = null;
        PendingChangeRequestedBy = null;
        Touch();
        return change;
    }

    private static readonly JsonSerializerOptions PendingJson = new(JsonSerializerDefaults.Web);

    public List<FachanwendungRole> Roles { get; } = [];

    public List<ApplicationSecret> Secrets { get; } = [];

    public FachanwendungRole AddRole(string key, string displayNameDe, string displayNameEn, string? description = null)
    {
        if (Roles.Any(r => string.Equals(r.Key, key, StringComparison.Ordinal)))
        {
            throw new DomainRuleException(DomainRule.RoleKeyTaken);
        }

        var role = new FachanwendungRole
        {
            Fachanwendung = this,
            FachanwendungId = Id,
            Key = key,
            DisplayNameDe = displayNameDe,
            DisplayNameEn = displayNameEn,
            Description = description,
        };
        Roles.Add(role);
        Touch();
        return role;
    }

    /// <summary>Display names and description change; the key (what tokens carry) never does.</summary>
    public void DescribeRole(string key, string displayNameDe, string displayNameEn, string? description)
    {
        var role = RoleByKey(key);
        role.DisplayNameDe = displayNameDe;
        role.DisplayNameEn = displayNameEn;
        role.Description = description;
        Touch();
    }

    public FachanwendungRole RoleByKey(string key) =>
        Roles.SingleOrDefault(r => string.Equals(r.Key, key, StringComparison.Ordinal))
        ?? throw new DomainRuleException(DomainRule.RoleKeyUnknown);

    public void Approve(string approvedBy, DateTime now)
    {
        if (IsApproved)
        {
            throw new DomainRuleException(DomainRule.ApplicationAlreadyApproved);
        }

        ApprovedAt = now;
        ApprovedBy = approvedBy;
        Touch();
    }

    public void Disable()
    {
        IsEnabled = false;
        Touch();
    }

    public void Enable()
    {
        IsEnabled = true;
        Touch();
    }

    /// <summary>
    /// Adds a new secret (its hash) and lets every other still valid secret run out after the overlap, so that
    /// the application can switch over without downtime. A zero overlap ends the others at once.
    /// </summary>
    public ApplicationSecret RotateSecret(string hash, string hint, string? createdBy, DateTime now, TimeSpan overlap)
    {
        foreach (var secret in Secrets.Where(s => s.IsValidAt(now)))
        {
            var end = now + overlap;
            if (secret.ExpiresAt is null || secret.ExpiresAt > end)
            {
                secret.ExpiresAt = end;
            }
        }

        var added = new ApplicationSecret
        {
            Fachanwendung = this,
            FachanwendungId = Id,
            Hash = hash,
            Hint = hint,
            CreatedAt = now,
            CreatedBy = createdBy,
        };
        Secrets.Add(added);
        Touch();
        return added;
    }

    /// <summary>
    /// Takes in a secret that was set at registration (seeding, import, an older release) and so lives in the OpenIddict
    /// client only, by its stored hash: from then on it is one of the registered secrets, with their overlap and revocation.
    /// </summary>
    public void AdoptConfiguredSecret(string storedHash, DateTime createdAt)
    {
        Secrets.Add(new ApplicationSecret
        {
            Fachanwendung = this,
            FachanwendungId = Id,
            Hash = storedHash,
            Hint = "…", // its text was never shown here
            CreatedAt = createdAt,
        });
    }

    public void RevokeSecret(Guid secretId, DateTime now)
    {
        var secret = Secrets.SingleOrDefault(s => s.Id == secretId) ?? throw new DomainRuleException(DomainRule.SecretUnknown);
        if (secret.RevokedAt is not null)
        {
            throw new DomainRuleException(DomainRule.SecretUnknown);
        }

        secret.RevokedAt = now;
        Touch();
    }

    public string DisplayName(System.Globalization.CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" ? DisplayNameEn : DisplayNameDe;

    /// <summary>Every change renews the stamp, so that two editors cannot overwrite each other unseen.</summary>
    public void Touch() => ConcurrencyStamp = Guid.NewGuid();
}
