using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Protocol.ChooseOrganisation;

/// <summary>
/// Shown when the user holds roles for the application in several organisations, and for prompt=select_account
/// (OIDC Core §3.1.2.1) always: the person confirms the account and the organisation even when only one fits.
/// </summary>
public sealed class IndexModel(ApplicationDbContext db, UserManager<ApplicationUser> users) : AuthorizeRequestPage(db)
{
    /// <summary>The org_hint of "continue without an organisation" (not an organisation id, so none is preselected).</summary>
    public const string NoOrganisation = "keine";

    public IReadOnlyList<OrganisationContext> Candidates { get; private set; } = [];

    public bool SelectAccount { get; private set; }

    public string AccountName { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadRequestAsync([IhkClaims.OrganisationHint], cancellationToken);
        SelectAccount = Request.Query["prompt"].ToString().Split(' ').Contains("select_account", StringComparer.Ordinal);
        var choice = OrganisationChoice.From(await Db.ForUserAsync(users.GetUserId(User)!, ClientId, cancellationToken), null);
        if (!SelectAccount && choice is not OrganisationChoice.Ambiguous)
        {
            // Nothing to choose (any more): the authorize endpoint decides on its own.
            return Redirect("/connect/authorize" + QueryString.Create(Parameters!));
        }

        AccountName = (await users.GetUserAsync(User))?.DisplayName ?? string.Empty;
        Candidates = choice switch
        {
            OrganisationChoice.Ambiguous ambiguous => ambiguous.Candidates,
            OrganisationChoice.Chosen chosen => [chosen.Organisation],
            _ => [],
        };
        return Page();
    }
}
