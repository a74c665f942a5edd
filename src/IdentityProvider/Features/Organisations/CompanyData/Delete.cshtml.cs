using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Mail;
using Microsoft.AspNetCore.Mvc;
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
    MailOutbox outbox,
    MailComposer composer,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : OrganisationAdministratorPage
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.RequiredField")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Organisations.Delete.Confirmation")]
    public string? Confirmation { get; set; }

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = AdminUser;
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
        foreach (var letter in await db.ActivationLetters.Where(l => l.OrganisationId == OrganisationId && l.UsedAt == null && l.RevokedAt == null).ToListAsync(cancellationToken))
        {
            letter.Revoke(now);
            db.Audit(AuditAction.LetterRevoked, now, user, OrganisationId, Organisation.ChamberId, details: letter.Id.ToString());
        }

        db.OrganisationDataChanges.RemoveRange(
            await db.OrganisationDataChanges.Where(c => c.OrganisationId == OrganisationId && c.Status == DataChangeStatus.Open).ToListAsync(cancellationToken));
        db.Audit(AuditAction.OrganisationDeleted, now, user, OrganisationId, Organisation.ChamberId, details: firmierung);
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
