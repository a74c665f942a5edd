using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Http;

namespace MeineIhk.IdentityProvider.Features.Protocol.NoRole;

/// <summary>
/// The refusal of a "role required" application, as a page that says why and what to do (403), with a way
/// back that hands the application its access_denied error.
/// </summary>
public sealed class IndexModel(ApplicationDbContext db, UserManager<ApplicationUser> users) : AuthorizeRequestPage(db)
{
    public IReadOnlyList<OrganisationContext> Memberships { get; private set; } = [];

    /// <summary>For "Zugang anfragen": a role request for this application's roles.</summary>
    public string Client => ClientId;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadRequestAsync(["decision"], cancellationToken);
        Memberships = await Db.ForUserAsync(users.GetUserId(User)!, ClientId, cancellationToken);
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
