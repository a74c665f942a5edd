using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.CompanyData;

/// <summary>
/// "Unternehmensdaten verwalten" for administrators of this very organisation (404 for everyone else): the
/// data, a waiting change, the contact data (changed at once), and the ways to a change, a new password, deletion.
/// </summary>
public sealed class IndexModel(ApplicationDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> t) : OrganisationAdministratorPage
{
    public OrganisationDataChange? OpenChange { get; private set; }

    public OrganisationDataChange? LastDecidedChange { get; private set; }

    [BindProperty]
    public ContactInput Contact { get; set; } = new();

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Contact = new ContactInput { Telefon = Organisation.Telefon, Email = Organisation.KontaktEmail, Webseite = Organisation.Webseite };
        Message = TempData["Organisations.Message"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostContactAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Contact.Normalise();
        if (Contact.Webseite is { } webseite && !ContactInput.IsWebAddress(webseite))
        {
            ModelState.AddModelError("Contact.Webseite", t["Organisations.Manage.WebseiteInvalid"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = AdminUser;
        Organisation.ChangeContact(Contact.Telefon, Contact.Email, Contact.Webseite);
        db.Audit(AuditAction.OrganisationDataChanged, clock.GetUtcNow().UtcDateTime, user, Organisation.Id, Organisation.ChamberId, details: "contact");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, t["Organisations.Manage.Conflict"]);
            return Page();
        }

        TempData["Organisations.Message"] = t["Organisations.Manage.ContactSaved"].Value;
        return LocalRedirect($"/organisationen/{OrganisationId}/daten");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var changes = await db.OrganisationDataChanges.AsNoTracking().Where(c => c.OrganisationId == OrganisationId)
            .OrderByDescending(c => c.RequestedAt).Take(5).ToListAsync(cancellationToken);
        OpenChange = changes.FirstOrDefault(c => c.Status == DataChangeStatus.Open);
        LastDecidedChange = changes.FirstOrDefault(c => c.Status != DataChangeStatus.Open);
    }

    public sealed class ContactInput
    {
        [StringLength(50, ErrorMessage = "Validation.TooLong")]
        [RegularExpression(@"^\+?[0-9 ()/\-]{3,50}$", ErrorMessage = "Organisations.Manage.TelefonInvalid")]
        [Display(Name = "Organisations.Telefon")]
        public string? Telefon { get; set; }

        [StringLength(254, ErrorMessage = "Validation.TooLong")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [Display(Name = "Organisations.KontaktEmail")]
        public string? Email { get; set; }

        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Organisations.Webseite")]
        public string? Webseite { get; set; }

        public void Normalise()
        {
            Telefon = string.IsNullOrWhiteSpace(Telefon) ? null : Telefon.Trim();
            Email = string.IsNullOrWhiteSpace(Email) ? null : Email.Trim();
            Webseite = string.IsNullOrWhiteSpace(Webseite) ? null : Webseite.Trim();
        }

        /// <summary>An http(s) address with a host name; "www.example.de" without a scheme is fine too.</summary>
        public static bool IsWebAddress(string value)
        {
            var candidate = value.Contains("://", StringComparison.Ordinal) ? value : "https://" + value;
            return Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                && uri.Host.Contains('.', StringComparison.Ordinal);
        }
    }
}
