using System.Collections.Immutable;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using Microsoft.AspNetCore.Http.Extensions;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Protocol.Consent;

/// <summary>What the authorize endpoint does after the consent step.</summary>
public sealed record ConsentOutcome
{
    /// <summary>The permanent authorization (the stored consent) the tokens belong to; null for first-party applications.</summary>
    public string? AuthorizationId { get; private init; }

    /// <summary>An error for the client (access_denied, consent_required), sent to its redirect URI.</summary>
    public string? Error { get; private init; }

    public string? ErrorDescription { get; private init; }

    /// <summary>Where the browser goes to be asked.</summary>
    public string? AskAt { get; private init; }

    public static ConsentOutcome Given(string? authorizationId) => new() { AuthorizationId = authorizationId };

    public static ConsentOutcome Refused(string error, string description) => new() { Error = error, ErrorDescription = description };

    public static ConsentOutcome Ask(string url) => new() { AskAt = url };
}

/// <summary>
/// Consent (OIDC Core §3.1.2.4): first-party applications have it implicitly (unless they send prompt=consent); every other application is granted
/// the requested scopes by the user on the consent page, once, stored as an OpenIddict permanent authorization.
/// The page is shown again when the application asks for more than was granted, and always with prompt=consent;
/// with prompt=none the client gets consent_required (§3.1.2.6), after a refusal access_denied (RFC 6749 §4.1.2.1).
/// </summary>
public sealed class ConsentStep(
    ClientRules clientRules,
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    TimeProvider clock)
{
    public const string PagePath = "/connect/authorize/consent";

    /// <summary>The parameter the consent page adds when the user refuses.</summary>
    public const string DecisionParameter = "consent";

    public const string Refusal = "denied";

    /// <summary>The scopes a user can grant; anything else in a request is not stored as consent.</summary>
    public static readonly IReadOnlySet<string> GrantableScopes =
        new HashSet<string>([Scopes.OpenId, Scopes.Profile, Scopes.Email, IhkClaims.OrganisationScope, Scopes.OfflineAccess], StringComparer.Ordinal);

    public async Task<ConsentOutcome> CheckAsync(
        OpenIddictRequest request, string userId, OrganisationContext? organisation, CancellationToken cancellationToken)
    {
        if (request[DecisionParameter]?.ToString() == Refusal)
        {
            return ConsentOutcome.Refused(Errors.AccessDenied, "The user refused consent.");
        }

        var clientId = request.ClientId!;
        // First-party applications have consent implicitly, unless the client itself asks for the page (prompt=consent).
        if (!request.HasPromptValue(PromptValues.Consent) && await clientRules.FirstPartyAsync(clientId, cancellationToken))
        {
            return ConsentOutcome.Given(null);
        }

        var granted = await FindGrantAsync(userId, clientId, request.GetScopes(), cancellationToken);
        if (granted is not null && !request.HasPromptValue(PromptValues.Consent))
        {
            return ConsentOutcome.Given(granted);
        }

        if (request.HasPromptValue(PromptValues.None))
        {
            return ConsentOutcome.Refused(Errors.ConsentRequired, "The user must consent first.");
        }

        var parameters = request.GetParameters()
            .Where(p => p.Key != IhkClaims.OrganisationHint)
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))
            .ToList();
        if (organisation is not null)
        {
            // The page names the organisation that was chosen; coming back, the choice stays the same.
            parameters.Add(KeyValuePair.Create(IhkClaims.OrganisationHint, (string?)organisation.OrganisationId.ToString()));
        }

        return ConsentOutcome.Ask(PagePath + QueryString.Create(parameters));
    }

    /// <summary>
    /// Records the user's consent to the scopes (those the client may ask for): the one permanent authorization of
    /// user and client grows, or is created. Answers false for an unknown client.
    /// </summary>
    public async Task<bool> GrantAsync(string userId, string clientId, IEnumerable<string> scopes, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return false;
        }

        var permitted = new List<string>();
        foreach (var scope in scopes.Where(GrantableScopes.Contains).Distinct(StringComparer.Ordinal))
        {
            if (scope is Scopes.OpenId or Scopes.OfflineAccess
                || await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope, cancellationToken))
            {
                permitted.Add(scope);
            }
        }

        var applicationId = await applications.GetIdAsync(application, cancellationToken);
        // Read to the end before writing: PostgreSQL runs one command per connection at a time.
        object? existing = null;
        await foreach (var authorization in authorizations.FindAsync(userId, applicationId, Statuses.Valid, AuthorizationTypes.Permanent, scopes: null, cancellationToken))
        {
            existing ??= authorization;
        }

        if (existing is not null)
        {
            var descriptor = new OpenIddictAuthorizationDescriptor();
            await authorizations.PopulateAsync(descriptor, existing, cancellationToken);
            descriptor.Scopes.UnionWith(permitted);
            await authorizations.UpdateAsync(existing, descriptor, cancellationToken);
            return true;
        }

        var created = new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = applicationId,
            Subject = userId,
            Type = AuthorizationTypes.Permanent,
            Status = Statuses.Valid,
            CreationDate = clock.GetUtcNow(),
        };
        created.Scopes.UnionWith(permitted);
        await authorizations.CreateAsync(created, cancellationToken);
        return true;
    }

    private async Task<string?> FindGrantAsync(string userId, string clientId, ImmutableArray<string> requested, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        var applicationId = application is null ? null : await applications.GetIdAsync(application, cancellationToken);
        if (applicationId is null)
        {
            return null;
        }

        // Only what the user can grant counts; a scope outside that list was refused by OpenIddict already.
        var needed = requested.Where(GrantableScopes.Contains).ToImmutableArray();
        await foreach (var authorization in authorizations.FindAsync(userId, applicationId, Statuses.Valid, AuthorizationTypes.Permanent, needed, cancellationToken))
        {
            return await authorizations.GetIdAsync(authorization, cancellationToken);
        }

        return null;
    }
}
