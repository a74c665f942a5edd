using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.ChamberDirectory;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.Register;

/// <summary>
/// "Neue Organisation anlegen": 1. Dateneingabe, 2. Zusammenfassung, then the request goes to the chamber
/// responsible for the postal code (Status=Requested), with an audit entry and a confirmation mail.
/// </summary>
public sealed class IndexModel(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    PostalCodeLookup postalCodes,
    OrganisationRequestDraft drafts,
    MailOutbox outbox,
    MailComposer composer,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>Step 1's data, protected, while the user reads the summary.</summary>
    [BindProperty]
    public string? Draft { get; set; }

    public int Step { get; private set; } = 1;

    public Chamber? Chamber { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostNextAsync(CancellationToken cancellationToken)
    {
        Input.Normalise();
        await CheckAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        Draft = drafts.Protect(Input);
        Step = 2;
        return Page();
    }

    public IActionResult OnPostBack()
    {
        ModelState.Clear();
        Input = drafts.Unprotect(Draft) ?? new InputModel();
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (drafts.Unprotect(Draft) is not { } input)
        {
            ModelState.AddModelError(string.Empty, t["Organisations.Request.DraftExpired"]);
            return Page();
        }

        // Checked again: the draft is ours, but the directory or another request may have changed meanwhile.
        Input = input;
        Input.Normalise();
        TryValidateModel(Input, nameof(Input));
        await CheckAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = (await users.GetUserAsync(User))!;
        var now = clock.GetUtcNow().UtcDateTime;
        var organisation = new Organisation
        {
            Firmierung = Input.Firmierung!, Rechtsform = Input.Rechtsform!, Strasse = Input.Strasse!, Hausnummer = Input.Hausnummer!,
            Plz = Input.Plz!, Ort = Input.Ort!, Identnummer = Input.Identnummer, HrNummer = Input.HrNummer,
            Registergericht = Input.Registergericht, Registerart = Input.Registerart,
            ChamberId = Chamber!.Id, Status = OrganisationStatus.Requested, CreatedAt = now,
            RequestedByUserId = user.Id, Begruendung = Input.Begruendung!,
        };
        db.Organisations.Add(organisation);
        db.Audit(AuditAction.OrganisationRequested, now, user, organisation.Id, Chamber.Id, details: organisation.Firmierung);
        var statusLink = Request.PublicUri($"organisationen/antrag/{organisation.Id}");
        outbox.Add(composer.Compose("OrganisationRequested", user.Email!, CultureInfo.CurrentUICulture, user.DisplayName, statusLink,
            organisation.Firmierung, Chamber.Name));
        await db.SaveChangesAsync(cancellationToken);

        TempData["Organisations.Message"] = t["Organisations.Request.Submitted", Chamber.Name].Value;
        return RedirectToPage("Status", new { id = organisation.Id });
    }

    /// <summary>What attributes cannot say: the select lists, the 300 characters, a known postal code and no duplicate.</summary>
    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        foreach (var (field, message) in Input.ChoiceErrors())
        {
            ModelState.AddModelError($"{nameof(Input)}.{field}", t[message]);
        }

        if (InputModel.CharactersLeft(Input.Begruendung) < 0)
        {
            ModelState.AddModelError("Input.Begruendung", t["Validation.TooLong", t["Organisations.Begruendung"], InputModel.BegruendungMaxLength]);
        }

        if (ModelState.GetFieldValidationState("Input.Plz") == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            return;
        }

        Chamber = await db.ChamberForPostalCodeAsync(postalCodes, Input.Plz, cancellationToken);
        if (Chamber is null)
        {
            ModelState.AddModelError("Input.Plz", t["Organisations.Request.PlzUnknown", Input.Plz ?? string.Empty]);
            return;
        }

        var live = new[] { OrganisationStatus.Requested, OrganisationStatus.Approved, OrganisationStatus.Active };
        var chamberId = Chamber.Id;
        if (Input.Identnummer is { } identnummer
            && await db.Organisations.AnyAsync(o => o.ChamberId == chamberId && o.Identnummer == identnummer && live.Contains(o.Status), cancellationToken))
        {
            ModelState.AddModelError("Input.Identnummer", t["Organisations.Request.DuplicateIdentnummer", Chamber.Name]);
            return;
        }

        // The same name at the same postal code (case and blanks aside) is the same company; compared here, not in
        // SQL, because SQLite's upper() knows no umlauts.
        var sameArea = await db.Organisations
            .Where(o => o.ChamberId == chamberId && o.Plz == Input.Plz && live.Contains(o.Status))
            .Select(o => o.Firmierung)
            .ToListAsync(cancellationToken);
        if (Input.Firmierung is { } firmierung && sameArea.Any(f => string.Equals(Collapse(f), Collapse(firmierung), StringComparison.OrdinalIgnoreCase)))
        {
            ModelState.AddModelError("Input.Firmierung", t["Organisations.Request.DuplicateFirmierung", Chamber.Name]);
        }
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
