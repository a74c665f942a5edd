using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.CompanyData;

/// <summary>
/// (5) "Neues Organisationspasswort anfordern": after a confirmation, a new letter goes by post to the management
/// address in the chamber's member register; the earlier password stops working at once.
/// </summary>
public sealed class NewPasswordModel(
    ApplicationDbContext db,
    ActivationLetterIssuer letters,
    IStringLocalizer<SharedResource> t) : OrganisationAdministratorPage
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var entry = Organisation.Identnummer is null
            ? null
            : await db.MemberRegister.SingleOrDefaultAsync(e => e.ChamberId == Organisation.ChamberId && e.Identnummer == Organisation.Identnummer, cancellationToken);
        if (entry is null)
        {
            ModelState.AddModelError(string.Empty, t["Organisations.NewPassword.NoRegisterEntry", Organisation.Chamber.Name]);
            return Page();
        }

        await letters.IssueAsync(Organisation, entry, ActivationLetterReason.NewPasswordRequested, AdminUser, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, t["Organisations.Manage.Conflict"]);
            return Page();
        }

        TempData["Organisations.Message"] = t["Organisations.NewPassword.Done", entry.GeschaeftsfuehrungName].Value;
        return LocalRedirect($"/organisationen/{OrganisationId}/daten");
    }
}
