using MeineIhk.IdentityProvider.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Review;

/// <summary>
/// A page on which staff decide (a request, a data change): exactly one decision wins; the other person is
/// sent back to the page with the message that someone else decided first.
/// </summary>
public abstract class ChamberDecisionPage : ChamberStaffPage
{
    [TempData]
    public string? Message { get; set; }

    protected RedirectToPageResult AlreadyDecided(Guid id)
    {
        Message = HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()["Chamber.Review.AlreadyDecided"];
        return RedirectToPage(new { id });
    }

    /// <summary>Saves the decision; a concurrency conflict means someone else decided in the meantime.</summary>
    protected async Task<IActionResult> SaveDecisionAsync(Guid id, string done, CancellationToken cancellationToken)
    {
        try
        {
            // The request scope's one context: the page changed the entities in it.
            await HttpContext.RequestServices.GetRequiredService<ApplicationDbContext>().SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AlreadyDecided(id);
        }

        Message = done;
        return RedirectToPage("/ChamberStaff/Index");
    }
}
