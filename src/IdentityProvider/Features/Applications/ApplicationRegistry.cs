using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Protocol;
using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>
/// The one place that writes Fachanwendungen and their OpenIddict clients, for pages, the management API and the
/// import alike: checks the rules, keeps both in one transaction, records an audit entry, and tells the token
/// path's caches. Applications an actor may not see are reported as not found.
/// </summary>
public sealed class ApplicationRegistry(
    ApplicationDbContext db,
    IOpenIddictApplicationManager clients,
    ClientRules clientRules,
    TimeProvider clock)
{
    /// <summary>How long the previous secret keeps working after a rotation unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultOverlap = TimeSpan.FromDays(7);

    public static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(30);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<Fachanwendung>> ListAsync(RegistryActor actor, CancellationToken cancellationToken = default)
    {
        var query = db.Fachanwendungen.AsNoTracking().Include(f => f.Roles).AsQueryable();
        if (!actor.IsPlatformAdministrator)
        {
            query = query.Where(f => f.OwnerUserId != null && f.OwnerUserId == actor.UserId);
        }

        return await query.OrderBy(f => f.ClientId).ToListAsync(cancellationToken);
    }

    public async Task<RegisteredApplication?> FindAsync(string clientId, RegistryActor actor, CancellationToken cancellationToken = default)
    {
        var application = await LoadAsync(clientId, actor, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var client = await clients.FindByClientIdAsync(clientId, cancellationToken);
        if (client is null)
        {
            return null;
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await clients.PopulateAsync(descriptor, client, cancellationToken);
        return new RegisteredApplication(application, ApplicationDescriptors.SettingsOf(application, descriptor));
    }

    public Task<Result<CreatedApplication>> CreateAsync(
        ApplicationSettings settings, IReadOnlyList<RoleDefinition> roles, RegistryActor actor, CancellationToken cancellationToken = default) =>
        CreateAsync(settings, roles, configuredSecret: null, actor, cancellationToken);

    /// <summary>
    /// For seeding and import only: a confidential application whose secret is chosen by configuration (the demo's
    /// sample application and management client need a known one). Such a secret is not generated, so OpenIddict keeps
    /// it with its slow hash; the first rotation takes it in among the registered secrets, with the overlap the rotation
    /// gives (see <see cref="RotateSecretAsync"/>); everything else is as
    /// <see cref="CreateAsync(ApplicationSettings, IReadOnlyList{RoleDefinition}, RegistryActor, CancellationToken)"/>.
    /// </summary>
    public Task<Result<CreatedApplication>> CreateWithConfiguredSecretAsync(
        ApplicationSettings settings, IReadOnlyList<RoleDefinition> roles, string secret, RegistryActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return CreateAsync(settings, roles, secret, actor, cancellationToken);
    }

    private async Task<Result<CreatedApplication>> CreateAsync(
        ApplicationSettings settings, IReadOnlyList<RoleDefinition> roles, string? configuredSecret, RegistryActor actor, CancellationToken cancellationToken)
    {
        settings = Tidy(settings);
        var errors = ApplicationRules.Check(settings, actor.IsPlatformAdministrator, actor.IsPlatformAdministrator).ToList();
        for (var i = 0; i < roles.Count; i++)
        {
            errors.AddRange(ApplicationRules.Check(roles[i], $"Roles[{i}]."));
            if (roles.Take(i).Any(r => r.Key == roles[i].Key))
            {
                errors.Add(new($"Roles[{i}].Key", "Applications.Error.RoleKeyTaken"));
            }
        }

        if (errors.Count == 0 && await ClientIdTakenAsync(settings.ClientId, cancellationToken))
        {
            errors.Add(new(nameof(settings.ClientId), "Applications.Error.ClientIdTaken"));
        }

        if (errors.Count == 0)
        {
            errors.AddRange(await ResourcesTakenAsync(settings, cancellationToken));
        }

        if (errors.Count > 0)
        {
            return Result.Invalid<CreatedApplication>(errors);
        }

        var application = new Fachanwendung
        {
            ClientId = settings.ClientId,
            DisplayNameDe = settings.DisplayNameDe,
            DisplayNameEn = settings.DisplayNameEn,
            RoleRequired = settings.RoleRequired,
            BackChannelLogoutUri = settings.BackChannelLogoutUri,
            ManagementAccess = settings.ManagementAccess,
            OwnerUserId = actor.UserId,
            CreatedAt = Now,
        };
        foreach (var role in roles)
        {
            application.AddRole(role.Key, role.DisplayNameDe.Trim(), role.DisplayNameEn.Trim(), Blank(role.Description));
        }

        IssuedSecret? secret = null;
        string? plainSecret = null;
        if (settings.ClientType == ApplicationClientType.Confidential && configuredSecret is not null)
        {
            plainSecret = configuredSecret;
        }
        else if (settings.ClientType == ApplicationClientType.Confidential)
        {
            plainSecret = ClientSecrets.Generate();
            secret = new IssuedSecret(application.RotateSecret(ClientSecrets.Hash(plainSecret), Hint(plainSecret), actor.Label, Now, TimeSpan.Zero), plainSecret);
        }

        var descriptor = new OpenIddictApplicationDescriptor { ClientSecret = plainSecret };
        ApplicationDescriptors.Describe(descriptor, settings);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Fachanwendungen.Add(application);
        Audit(AuditAction.ApplicationRegistered, actor, application.ClientId);
        if (!settings.PkceRequired)
        {
            Audit(AuditAction.ApplicationPkceRelaxed, actor, application.ClientId);
        }

        await db.SaveChangesAsync(cancellationToken);
        await clients.CreateAsync(descriptor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        clientRules.Forget();

        return Result.Done<CreatedApplication>(new CreatedApplication(new RegisteredApplication(application, settings), secret));
    }

    /// <summary>Changes everything but the client id (which tokens and configurations name).</summary>
    public async Task<Result<RegisteredApplication>> UpdateAsync(
        string clientId, ApplicationSettings settings, Guid? expectedStamp, RegistryActor actor, CancellationToken cancellationToken = default)
    {
        settings = Tidy(settings with { ClientId = clientId });
        var application = await LoadAsync(clientId, actor, cancellationToken, tracked: true);
        var client = application is null ? null : await clients.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null || client is null)
        {
            return Result.NotFound<RegisteredApplication>();
        }

        // Only a platform administrator grants management access; a developer's edit keeps what is there.
        var mayGrant = actor.IsPlatformAdministrator || (application.ManagementAccess && settings.ManagementAccess);
        var descriptor = new OpenIddictApplicationDescriptor();
        await clients.PopulateAsync(descriptor, client, cancellationToken);
        var pkceWasRequired = descriptor.Requirements.Contains(Requirements.Features.ProofKeyForCodeExchange);
        var mayRelax = actor.IsPlatformAdministrator || !pkceWasRequired;
        var errors = ApplicationRules.Check(settings, mayGrant, mayRelax);
        if (errors.Count == 0)
        {
            errors = await ResourcesTakenAsync(settings, cancellationToken);
        }

        if (errors.Count > 0)
        {
            return Result.Invalid<RegisteredApplication>(errors);
        }

        var wasConfidential = descriptor.ClientType == ClientTypes.Confidential;
        if (wasConfidential != (settings.ClientType == ApplicationClientType.Confidential))
        {
            return Result.Invalid<RegisteredApplication>(nameof(settings.ClientType), "Applications.Error.ClientTypeFixed");
        }

        var inForce = ApplicationDescriptors.SettingsOf(application, descriptor);
        settings = Reviewed(application, inForce, settings, actor);
        ApplicationDescriptors.Describe(descriptor, settings);
        application.DisplayNameDe = settings.DisplayNameDe;
        application.DisplayNameEn = settings.DisplayNameEn;
        application.RoleRequired = settings.RoleRequired;
        application.BackChannelLogoutUri = settings.BackChannelLogoutUri;
        application.ManagementAccess = settings.ManagementAccess;
        if (pkceWasRequired != settings.PkceRequired)
        {
            Audit(settings.PkceRequired ? AuditAction.ApplicationPkceRequired : AuditAction.ApplicationPkceRelaxed, actor, clientId);
        }

        return await SaveAsync(application, expectedStamp, AuditAction.ApplicationChanged, actor, async () =>
        {
            await clients.PopulateAsync(client, descriptor, cancellationToken);
            await clients.UpdateAsync(client, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// The re-review of an approved application (ASVS 5.0 10.4.1, RFC 9700 §4.1): when someone who is not a platform
    /// administrator changes its redirect, post-logout or back-channel addresses or its scopes, the request is kept as
    /// the pending change and the values in force stay; answers the settings to write now. A platform administrator's
    /// edit applies at once, and drops a pending change it has made come true. Never approved applications change at
    /// once (nobody can use them yet).
    /// </summary>
    private ApplicationSettings Reviewed(Fachanwendung application, ApplicationSettings inForce, ApplicationSettings wanted, RegistryActor actor)
    {
        if (!application.IsApproved)
        {
            return wanted;
        }

        var requested = wanted.ReviewedPart();
        if (actor.IsPlatformAdministrator)
        {
            if (application.PendingChange is { } pending && pending.SameAs(requested))
            {
                application.DecidePendingChange(approved: false);
            }

            return wanted;
        }

        if (!requested.SameAs(inForce.ReviewedPart()))
        {
            if (application.PendingChange is not { } earlier || !earlier.SameAs(requested))
            {
                Audit(AuditAction.ApplicationChangeRequested, actor, application.ClientId);
            }

            application.RequestChange(requested, actor.Label, Now);
        }
        else if (application.PendingChange is not null)
        {
            application.DecidePendingChange(approved: false);
            Audit(AuditAction.ApplicationChangeWithdrawn, actor, application.ClientId);
        }

        return wanted.With(inForce.ReviewedPart());
    }

    /// <summary>Applies the pending change of an approved application: the new addresses and scopes count from now on, on every node.</summary>
    public async Task<Result<RegisteredApplication>> ApprovePendingChangeAsync(
        string clientId, Guid? expectedStamp, RegistryActor actor, CancellationToken cancellationToken = default)
    {
        var application = actor.IsPlatformAdministrator ? await LoadAsync(clientId, actor, cancellationToken, tracked: true) : null;
        var client = application is null ? null : await clients.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null || client is null)
        {
            return Result.NotFound<RegisteredApplication>();
        }

        if (application.PendingChange is not { } change)
        {
            return Result.Invalid<RegisteredApplication>(string.Empty, "Applications.Error." + DomainRule.NoPendingChange);
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await clients.PopulateAsync(descriptor, client, cancellationToken);
        var settings = ApplicationDescriptors.SettingsOf(application, descriptor).With(change);
        if (ApplicationRules.Check(settings, mayGrantManagementAccess: true, mayRelaxPkce: true) is { Count: > 0 } errors)
        {
            return Result.Invalid<RegisteredApplication>(errors);
        }

        ApplicationDescriptors.Describe(descriptor, settings);
        application.DecidePendingChange(approved: true);
        return await SaveAsync(application, expectedStamp, AuditAction.ApplicationChangeApproved, actor, async () =>
        {
            await clients.PopulateAsync(client, descriptor, cancellationToken);
            await clients.UpdateAsync(client, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Drops the pending change; the approved values stay in force.</summary>
    public async Task<Result<RegisteredApplication>> RejectPendingChangeAsync(
        string clientId, Guid? expectedStamp, RegistryActor actor, CancellationToken cancellationToken = default)
    {
        var application = actor.IsPlatformAdministrator ? await LoadAsync(clientId, actor, cancellationToken, tracked: true) : null;
        if (application is null)
        {
            return Result.NotFound<RegisteredApplication>();
        }

        if (application.PendingChange is null)
        {
            return Result.Invalid<RegisteredApplication>(string.Empty, "Applications.Error." + DomainRule.NoPendingChange);
        }

        application.DecidePendingChange(approved: false);
        return await SaveAsync(application, expectedStamp, AuditAction.ApplicationChangeRejected, actor, null, cancellationToken);
    }

    public Task<Result<RegisteredApplication>> ApproveAsync(string clientId, RegistryActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(clientId, actor, AuditAction.ApplicationApproved, a => a.Approve(actor.Label, Now), adminOnly: true, cancellationToken);

    public Task<Result<RegisteredApplication>> DisableAsync(string clientId, RegistryActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(clientId, actor, AuditAction.ApplicationDisabled, a => a.Disable(), adminOnly: true, cancellationToken);

    public Task<Result<RegisteredApplication>> EnableAsync(string clientId, RegistryActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(clientId, actor, AuditAction.ApplicationEnabled, a => a.Enable(), adminOnly: true, cancellationToken);

    /// <summary>First-party applications keep implicit consent; only platform administrators decide it.</summary>
    public Task<Result<RegisteredApplication>> SetFirstPartyAsync(string clientId, bool firstParty, RegistryActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(clientId, actor, firstParty ? AuditAction.ApplicationFirstPartySet : AuditAction.ApplicationFirstPartyRemoved,
            a => a.SetFirstParty(firstParty), adminOnly: true, cancellationToken);

    /// <summary>A new secret; every other valid one keeps working for <paramref name="overlap"/> (at most <see cref="MaxOverlap"/>).</summary>
    public async Task<Result<IssuedSecret>> RotateSecretAsync(
        string clientId, TimeSpan overlap, RegistryActor actor, CancellationToken cancellationToken = default)
    {
        if (overlap < TimeSpan.Zero || overlap > MaxOverlap)
        {
            return Result.Invalid<IssuedSecret>("Overlap", "Applications.Error.Overlap");
        }

        var application = await LoadAsync(clientId, actor, cancellationToken, tracked: true);
        var client = application is null ? null : await clients.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null || client is null)
        {
            return Result.NotFound<IssuedSecret>();
        }

        if (!await clients.HasClientTypeAsync(client, ClientTypes.Confidential, cancellationToken))
        {
            return Result.Invalid<IssuedSecret>("ClientType", "Applications.Error.PublicHasNoSecret");
        }

        // Without this, a secret configured at registration would end with the first rotation instead of after the overlap.
        if (application.Secrets.Count == 0 && client is OpenIddictEntityFrameworkCoreApplication { ClientSecret: { Length: > 0 } configured })
        {
            application.AdoptConfiguredSecret(configured, application.CreatedAt);
        }

        var plain = ClientSecrets.Generate();
        var secret = application.RotateSecret(ClientSecrets.Hash(plain), Hint(plain), actor.Label, Now, overlap);
        var saved = await SaveAsync(application, null, AuditAction.ApplicationSecretRotated, actor,
            () => clients.UpdateAsync(client, plain, cancellationToken).AsTask(), cancellationToken);
        return saved.Succeeded ? Result.Done<IssuedSecret>(new IssuedSecret(secret, plain)) : new(saved.Status, null, saved.Errors);
    }

    public Task<Result<RegisteredApplication>> RevokeSecretAsync(
        string clientId, Guid secretId, RegistryActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(clientId, actor, AuditAction.ApplicationSecretRevoked, a => a.RevokeSecret(secretId, Now), adminOnly: false, cancellationToken);

    public async Task<Result<RegisteredApplication>> AddRoleAsync(
        string clientId, RoleDefinition role, RegistryActor actor, CancellationToken cancellationToken = default)
    {
        if (ApplicationRules.Check(role) is { Count: > 0 } errors)
        {
            return Result.Invalid<RegisteredApplication>(errors);
        }

        return await ChangeAsync(clientId, actor, AuditAction.ApplicationRoleAdded,
            a => a.AddRole(role.Key, role.DisplayNameDe.Trim(), role.DisplayNameEn.Trim(), Blank(role.Description)), adminOnly: false, cancellationToken);
    }

    /// <summary>Display names and description only; the key stays, so tokens do not change.</summary>
    public async Task<Result<RegisteredApplication>> DescribeRoleAsync(
        string clientId, RoleDefinition role, RegistryActor actor, CancellationToken cancellationToken = default)
    {
        if (ApplicationRules.Check(role) is { Count: > 0 } errors)
        {
            return Result.Invalid<RegisteredApplication>(errors);
        }

        return await ChangeAsync(clientId, actor, AuditAction.ApplicationRoleChanged,
            a => a.DescribeRole(role.Key, role.DisplayNameDe.Trim(), role.DisplayNameEn.Trim(), Blank(role.Description)), adminOnly: false, cancellationToken);
    }

    /// <summary>How many members hold the role now: what the removal confirmation tells.</summary>
    public async Task<int?> CountHoldersAsync(string clientId, string key, RegistryActor actor, CancellationToken cancellationToken = default)
    {
        var application = await LoadAsync(clientId, actor, cancellationToken);
        var role = application?.Roles.SingleOrDefault(r => r.Key == key);
        return role is null ? null : await db.MemberRoles.CountAsync(m => m.FachanwendungRoleId == role.Id, cancellationToken);
    }

    /// <summary>
    /// Removes the role from the catalogue and from every member holding it, in one transaction. The member roles are
    /// deleted as tracked entities (not in bulk) so that whatever watches role losses (back-channel logout) sees them.
    /// Answers how many members lost it.
    /// </summary>
    public async Task<Result<int>> RemoveRoleAsync(string clientId, string key, RegistryActor actor, CancellationToken cancellationToken = default)
    {
        var application = await LoadAsync(clientId, actor, cancellationToken, tracked: true);
        var role = application?.Roles.SingleOrDefault(r => r.Key == key);
        if (application is null || role is null)
        {
            return Result.NotFound<int>();
        }

        var held = await db.MemberRoles.Where(m => m.FachanwendungRoleId == role.Id).ToListAsync(cancellationToken);
        db.MemberRoles.RemoveRange(held);
        application.Roles.Remove(role);
        db.FachanwendungRoles.Remove(role);
        application.Touch();
        var saved = await SaveAsync(application, null, AuditAction.ApplicationRoleRemoved, actor, null, cancellationToken,
            details: $"{key}; {held.Count}");
        return saved.Succeeded ? Result.Done<int>(held.Count) : new(saved.Status, 0, saved.Errors);
    }

    private async Task<Result<RegisteredApplication>> ChangeAsync(
        string clientId, RegistryActor actor, string action, Action<Fachanwendung> change, bool adminOnly, CancellationToken cancellationToken)
    {
        var application = await LoadAsync(clientId, actor, cancellationToken, tracked: true);
        if (application is null || (adminOnly && !actor.IsPlatformAdministrator))
        {
            return Result.NotFound<RegisteredApplication>();
        }

        try
        {
            change(application);
        }
        catch (DomainRuleException exception)
        {
            return Result.Invalid<RegisteredApplication>(string.Empty, "Applications.Error." + exception.Rule);
        }

        return await SaveAsync(application, null, action, actor, null, cancellationToken);
    }

    private async Task<Result<RegisteredApplication>> SaveAsync(
        Fachanwendung application, Guid? expectedStamp, string action, RegistryActor actor, Func<Task>? alsoInTransaction,
        CancellationToken cancellationToken, string? details = null)
    {
        if (expectedStamp is { } stamp)
        {
            db.Entry(application).Property(a => a.ConcurrencyStamp).OriginalValue = stamp;
        }

        application.Touch();
        Audit(action, actor, application.ClientId, details);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (alsoInTransaction is not null)
            {
                await alsoInTransaction();
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflict<RegisteredApplication>("Applications.Error.Conflict");
        }
        finally
        {
            clientRules.Forget();
        }

        return (await FindAsync(application.ClientId, actor, cancellationToken)) is { } saved
            ? Result.Done<RegisteredApplication>(saved)
            : Result.NotFound<RegisteredApplication>();
    }

    private async Task<Fachanwendung?> LoadAsync(string clientId, RegistryActor actor, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = db.Fachanwendungen.Include(f => f.Roles).Include(f => f.Secrets).AsSplitQuery();
        var application = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(f => f.ClientId == clientId, cancellationToken);
        return application is not null && actor.MaySee(application) ? application : null;
    }

    private async Task<IReadOnlyList<BrokenRule>> ResourcesTakenAsync(ApplicationSettings settings, CancellationToken cancellationToken) =>
        [.. (await db.TakenResourcesAsync(settings.ClientId, settings.Resources, cancellationToken))
            .Select(i => new BrokenRule($"{nameof(settings.Resources)}[{i}]", "Applications.Error.ResourceTaken"))];

    private async Task<bool> ClientIdTakenAsync(string clientId, CancellationToken cancellationToken) =>
        await db.Fachanwendungen.AnyAsync(f => f.ClientId == clientId, cancellationToken)
        || await clients.FindByClientIdAsync(clientId, cancellationToken) is not null;

    private void Audit(string action, RegistryActor actor, string clientId, string? details = null)
    {
        var entry = db.Audit(action, Now, actor: null, details: details is null ? clientId : $"{clientId}; {details}");
        entry.ActorUserId = actor.UserId;
        entry.ActorName ??= actor.UserId is null ? actor.Label : null;
    }

    private static ApplicationSettings Tidy(ApplicationSettings settings) => settings with
    {
        ClientId = settings.ClientId?.Trim() ?? string.Empty,
        DisplayNameDe = settings.DisplayNameDe?.Trim() ?? string.Empty,
        DisplayNameEn = settings.DisplayNameEn?.Trim() ?? string.Empty,
        RedirectUris = Distinct(settings.RedirectUris),
        PostLogoutRedirectUris = Distinct(settings.PostLogoutRedirectUris),
        Scopes = [.. (settings.Scopes ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)],
        BackChannelLogoutUri = Blank(settings.BackChannelLogoutUri),
        Resources = Distinct(settings.Resources),
        WebOrigins = Distinct(settings.WebOrigins),
        JsonWebKeySet = Blank(settings.JsonWebKeySet),
        JwksUri = Blank(settings.JwksUri),
    };

    private static List<string> Distinct(IReadOnlyList<string>? uris) =>
        [.. (uris ?? []).Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal)];

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Enough to tell secrets apart, far too little to use one.</summary>
    private static string Hint(string secret) => secret[..(ClientSecrets.Prefix.Length + 4)] + "…";
}
