using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.ChamberDirectory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.CompanyData;

/// <summary>
/// Name, legal form, address and register data change only after the chamber's review: the administrator's
/// input becomes an open <see cref="OrganisationDataChange"/>; one at a time.
/// </summary>
public sealed class ChangeModel(
    ApplicationDbContext db,
    PostalCodeLookup postalCodes,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : OrganisationAdministratorPage
{
    [BindProperty]
    public OrganisationDataFields Input { get; set; } = new();

    public bool ChangeWaiting { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input = OrganisationDataFields.Of(Organisation);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (ChangeWaiting)
        {
            ModelState.AddModelError(string.Empty, t["Organisations.Manage.ChangeWaiting"]);
            return Page();
        }

        Input.Normalise();
        foreach (var (field, message) in Input.ChoiceErrors())
        {
            ModelState.AddModelError($"{nameof(Input)}.{field}", t[message]);
        }

        if (ModelState.GetFieldValidationState("Input.Plz") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && postalCodes.KammernummerFor(Input.Plz) != Organisation.Chamber.Kammernummer)
        {
            // The change does not move the organisation to another chamber; that is a matter for the chambers.
            ModelState.AddModelError("Input.Plz", t["Organisations.Change.OtherChamber", Organisation.Chamber.Name]);
        }

        if (ModelState.IsValid && Input.SameAs(Organisation))
        {
            ModelState.AddModelError(string.Empty, t["Organisations.Change.Unchanged"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = AdminUser;
        var now = clock.GetUtcNow().UtcDateTime;
        db.OrganisationDataChanges.Add(new OrganisationDataChange
        {
            OrganisationId = Organisation.Id, Organisation = Organisation,
            Firmierung = Input.Firmierung!, Rechtsform = Input.Rechtsform!, Strasse = Input.Strasse!, Hausnummer = Input.Hausnummer!,
            Plz = Input.Plz!, Ort = Input.Ort!, HrNummer = Input.HrNummer, Registergericht = Input.Registergericht, Registerart = Input.Registerart,
            RequestedByUserId = user.Id, RequestedAt = now, Status = DataChangeStatus.Open,
        });

        // Touching the organisation's stamp makes two administrators' simultaneous changes collide: one waits, not two.
        Organisation.ConcurrencyStamp = Guid.NewGuid();
        db.Audit(AuditAction.OrganisationDataChangeRequested, now, user, Organisation.Id, Organisation.ChamberId, details: Input.Firmierung);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, t["Organisations.Manage.Conflict"]);
            return Page();
        }

        TempData["Organisations.Message"] = t["Organisations.Change.Submitted", Organisation.Chamber.Name].Value;
        return LocalRedirect($"/organisationen/{OrganisationId}/daten");
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        ChangeWaiting = await db.OrganisationDataChanges.AnyAsync(c => c.OrganisationId == OrganisationId && c.Status == DataChangeStatus.Open, cancellationToken);
}
