using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.CompanyData;

/// <summary>
/// "Unternehmen löschen": confirmed by typing the Firmierung. Every membership and role ends (tokens lose the
/// organisation's claims at the next refresh), unused letters are revoked, waiting data changes dropped, and the
/// other administrators are told by mail.
/// </summary>
public sealed class DeleteModel(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    MailOutbox outbox,
    MailComposer composer,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;

    [BindProperty]
    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Organisations.Delete.Confirmation")]
    public string? Confirmation { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var membership = await db.AdministeredMembershipAsync(users.GetUserId(User)!, id, cancellationToken);
        if (membership is null)
        {
            return NotFound();
        }

        Organisation = membership.Organisation;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = (await users.GetUserAsync(User))!;
        var membership = await db.AdministeredMembershipAsync(user.Id, id, cancellationToken);
        if (membership is null)
        {
            return NotFound();
        }

        Organisation = membership.Organisation;
        if (ModelState.IsValid && !string.Equals(Confirmation!.Trim(), Organisation.Firmierung, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(nameof(Confirmation), t["Organisations.Delete.ConfirmationWrong"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.Entry(Organisation).Collection(o => o.Memberships).Query().Include(m => m.Roles).Include(m => m.User).LoadAsync(cancellationToken);
        var otherAdministrators = Organisation.Memberships.Where(m => m.IsAdministrator && m.UserId != user.Id).Select(m => m.User).ToList();
        var firmierung = Organisation.Firmierung;
        Organisation.Delete(now);
        foreach (var letter in await db.ActivationLetters.Where(l => l.OrganisationId == id && l.UsedAt == null && l.RevokedAt == null).ToListAsync(cancellationToken))
        {
            letter.Revoke(now);
            db.Audit(AuditAction.LetterRevoked, now, user, id, Organisation.ChamberId, details: letter.Id.ToString());
        }

        db.OrganisationDataChanges.RemoveRange(
            await db.OrganisationDataChanges.Where(c => c.OrganisationId == id && c.Status == DataChangeStatus.Open).ToListAsync(cancellationToken));
        db.Audit(AuditAction.OrganisationDeleted, now, user, id, Organisation.ChamberId, details: firmierung);
        foreach (var administrator in otherAdministrators.Where(a => a.Email is not null))
        {
            outbox.Add(composer.Compose("OrganisationDeleted", administrator.Email!, CultureInfo.CurrentUICulture, administrator.DisplayName, null,
                firmierung, user.DisplayName));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, t["Organisations.Manage.Conflict"]);
            return Page();
        }

        TempData["Organisations.Message"] = t["Organisations.Delete.Done", firmierung].Value;
        return LocalRedirect("/organisationen/geloescht");
    }
}
