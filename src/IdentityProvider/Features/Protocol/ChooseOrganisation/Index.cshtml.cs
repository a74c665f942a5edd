using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Protocol.ChooseOrganisation;

/// <summary>Shown when the user holds roles for the application in several organisations.</summary>
public sealed class IndexModel(ApplicationDbContext db, UserManager<ApplicationUser> users) : AuthorizeRequestPage(db)
{
    public IReadOnlyList<OrganisationContext> Candidates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadRequestAsync([IhkClaims.OrganisationHint], cancellationToken);
        if (OrganisationChoice.From(await Db.ForUserAsync(users.GetUserId(User)!, ClientId, cancellationToken), null)
            is not OrganisationChoice.Ambiguous ambiguous)
        {
            // Nothing to choose (any more): the authorize endpoint decides on its own.
            return Redirect("/connect/authorize" + QueryString.Create(Parameters!));
        }

        Candidates = ambiguous.Candidates;
        return Page();
    }
}
