using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;
using MeineIhk.IdentityProvider.Features.Protocol.Consent;
using MeineIhk.IdentityProvider.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MeineIhk.IdentityProvider.Features.Profile.ApplicationAccess;

/// <summary>
/// "Zugriffe von Anwendungen": the consents the user gave (OpenIddict permanent authorizations), per application
/// with the data granted and since when; withdrawing one ends it and the application's tokens, so the next login
/// asks again. First-party applications never asked and are not listed.
/// </summary>
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    ApplicationDbContext db,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictApplicationManager applications,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<Grant> Grants { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Grants = await GrantsAsync(users.GetUserId(User)!, cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(string? clientId, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var grant = (await GrantsAsync(userId, cancellationToken)).SingleOrDefault(g => g.ClientId == clientId);
        if (grant is null)
        {
            Message = t["Profile.GrantsUnknown"];
            return RedirectToPage();
        }

        // The consent and everything issued to the application for this user, in one save.
        await Revocation.RevokeAsync(db, userId, [grant.ClientId], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Message = t["Profile.GrantsRevoked", grant.ApplicationName];
        return RedirectToPage();
    }

    private async Task<IReadOnlyList<Grant>> GrantsAsync(string userId, CancellationToken cancellationToken)
    {
        var byApplication = new Dictionary<string, (HashSet<string> Scopes, DateTimeOffset? Since)>(StringComparer.Ordinal);
        // Read to the end first: PostgreSQL runs one command per connection at a time, and the getters below may query.
        var all = new List<object>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(userId, cancellationToken))
        {
            all.Add(authorization);
        }

        foreach (var authorization in all)
        {
            if (!await authorizations.HasTypeAsync(authorization, AuthorizationTypes.Permanent, cancellationToken)
                || !await authorizations.HasStatusAsync(authorization, Statuses.Valid, cancellationToken)
                || await authorizations.GetApplicationIdAsync(authorization, cancellationToken) is not { } applicationId)
            {
                continue;
            }

            var since = await authorizations.GetCreationDateAsync(authorization, cancellationToken);
            var scopes = await authorizations.GetScopesAsync(authorization, cancellationToken);
            if (byApplication.TryGetValue(applicationId, out var known))
            {
                known.Scopes.UnionWith(scopes);
                byApplication[applicationId] = (known.Scopes, known.Since is null || since < known.Since ? since : known.Since);
            }
            else
            {
                byApplication[applicationId] = ([.. scopes], since);
            }
        }

        var grants = new List<Grant>();
        foreach (var (applicationId, (scopes, since)) in byApplication)
        {
            var application = await applications.FindByIdAsync(applicationId, cancellationToken);
            var clientId = application is null ? null : await applications.GetClientIdAsync(application, cancellationToken);
            if (clientId is null)
            {
                continue;
            }

            var fachanwendung = await db.Fachanwendungen.AsNoTracking().SingleOrDefaultAsync(f => f.ClientId == clientId, cancellationToken);
            grants.Add(new Grant(
                clientId,
                fachanwendung?.DisplayName(CultureInfo.CurrentUICulture) ?? clientId,
                [.. ConsentStep.GrantableScopes.Where(scopes.Contains).OrderBy(ScopeOrder)],
                since));
        }

        return [.. grants.OrderBy(g => g.ApplicationName, StringComparer.CurrentCulture)];
    }

    private static int ScopeOrder(string scope) => scope switch
    {
        Scopes.OpenId => 0,
        Scopes.Profile => 1,
        Scopes.Email => 2,
        Scopes.OfflineAccess => 4,
        _ => 3,
    };

    public sealed record Grant(string ClientId, string ApplicationName, IReadOnlyList<string> Scopes, DateTimeOffset? Since);
}
