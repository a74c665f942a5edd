using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations.Register;

/// <summary>One request as its requester sees it: data, status and, if rejected, the chamber's reason. Others get 404.</summary>
public sealed class StatusModel(ApplicationDbContext db, UserManager<ApplicationUser> users) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;

    public bool IsAdministrator { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var organisation = await db.Organisations.AsNoTracking().Include(o => o.Chamber)
            .SingleOrDefaultAsync(o => o.Id == id && o.RequestedByUserId == userId, cancellationToken);
        if (organisation is null)
        {
            return NotFound();
        }

        Organisation = organisation;
        IsAdministrator = await db.AdministeredMembershipAsync(userId, id, cancellationToken) is not null;
        Message = TempData["Organisations.Message"] as string;
        return Page();
    }
}
