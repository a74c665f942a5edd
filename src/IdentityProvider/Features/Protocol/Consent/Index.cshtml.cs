using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using ProtocolParameters = OpenIddict.Abstractions.OpenIddictConstants.Parameters;

namespace MeineIhk.IdentityProvider.Features.Protocol.Consent;

/// <summary>
/// The consent page of an application that is not first-party: which data it will receive, "Zulassen" or
/// "Ablehnen". Allowing stores the consent (only this POST does; the authorize endpoint never grants by itself)
/// and goes back to the authorize endpoint; refusing goes back with consent=denied, which answers access_denied.
/// </summary>
public sealed class IndexModel(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    ConsentStep consent,
    IOpenIddictApplicationManager applications) : AuthorizeRequestPage(db)
{
    /// <summary>In the order the page lists them.</summary>
    private static readonly string[] Order = [Scopes.OpenId, Scopes.Profile, Scopes.Email, IhkClaims.OrganisationScope, Scopes.OfflineAccess];

    public IReadOnlyList<string> RequestedScopes { get; private set; } = [];

    public ChosenOrganisation? Organisation { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (RequestedScopes.Contains(IhkClaims.OrganisationScope)
            && Guid.TryParse(Request.Query[IhkClaims.OrganisationHint], out var organisationId))
        {
            Organisation = await LoadOrganisationAsync(organisationId, cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? decision, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (decision == "allow")
        {
            await consent.GrantAsync(users.GetUserId(User)!, ClientId, RequestedScopes, cancellationToken);
            return LocalRedirect("/connect/authorize" + QueryString.Create(WithoutConsentPrompt()));
        }

        return LocalRedirect("/connect/authorize" + QueryString.Create(
            Parameters.Append(KeyValuePair.Create(ConsentStep.DecisionParameter, ConsentStep.Refusal))!));
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        await LoadRequestAsync([ConsentStep.DecisionParameter], cancellationToken);
        var requested = Request.Query[ProtocolParameters.Scope].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        RequestedScopes = [.. Order.Where(requested.Contains)];
        return ClientId.Length > 0 && await applications.FindByClientIdAsync(ClientId, cancellationToken) is not null;
    }

    /// <summary>After the user allowed, prompt=consent is satisfied; without removing it the page would come again.</summary>
    private IEnumerable<KeyValuePair<string, string?>> WithoutConsentPrompt()
    {
        foreach (var (key, value) in Parameters)
        {
            if (key != ProtocolParameters.Prompt)
            {
                yield return KeyValuePair.Create(key, (string?)value);
                continue;
            }

            var rest = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(v => v != PromptValues.Consent).ToArray();
            if (rest.Length > 0)
            {
                yield return KeyValuePair.Create(key, (string?)string.Join(' ', rest));
            }
        }
    }

    private async Task<ChosenOrganisation?> LoadOrganisationAsync(Guid organisationId, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var found = await Db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.OrganisationId == organisationId && m.Organisation.Status == OrganisationStatus.Active)
            .Select(m => new
            {
                m.Organisation.Firmierung,
                m.Organisation.Identnummer,
                Chamber = m.Organisation.Chamber.Name,
                Roles = m.Roles.Where(r => r.Role.Fachanwendung.ClientId == ClientId)
                    .Select(r => new { r.Role.DisplayNameDe, r.Role.DisplayNameEn }).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return new ChosenOrganisation(found.Firmierung, found.Identnummer, found.Chamber,
            [.. found.Roles.Select(r => english ? r.DisplayNameEn : r.DisplayNameDe).Order(StringComparer.CurrentCulture)]);
    }

    public sealed record ChosenOrganisation(string Firmierung, string? Identnummer, string Chamber, IReadOnlyList<string> Roles);
}
