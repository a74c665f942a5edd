using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff;

/// <summary>
/// The base of every page under /kammer: only chamber staff get in, and each page sees only the staff's own
/// chamber. Anyone else gets 404, so that nothing reveals what exists.
/// </summary>
public abstract class ChamberStaffPage : PageModel
{
    public ApplicationUser StaffUser { get; private set; } = null!;

    public Chamber Chamber { get; private set; } = null!;

    public int ChamberId => Chamber.Id;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var services = HttpContext.RequestServices;
        var db = services.GetRequiredService<ApplicationDbContext>();
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var userId = users.GetUserId(User);
        var chamberId = userId is null ? null : await db.StaffChamberIdAsync(userId, HttpContext.RequestAborted);
        if (chamberId is null)
        {
            context.Result = NotFound();
            return;
        }

        StaffUser = (await users.FindByIdAsync(userId!))!;
        Chamber = await db.Chambers.SingleAsync(c => c.Id == chamberId, HttpContext.RequestAborted);
        await next();
    }
}
