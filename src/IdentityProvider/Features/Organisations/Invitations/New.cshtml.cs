using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.Invitations;

/// <summary>"Benutzer hinzufügen" (chapter 4, steps 2–4): choose the roles, enter the address, "Weiter" mails the link.</summary>
public sealed class NewModel(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    InvitationSender invitations,
    IStringLocalizer<SharedResource> t) : OrganisationAdministratorPage
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string Firmierung => Organisation.Firmierung;

    public RoleCatalogue Catalogue { get; private set; } = new([]);

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Catalogue = await RoleCatalogue.LoadAsync(db, CultureInfo.CurrentUICulture, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Catalogue = await RoleCatalogue.LoadAsync(db, CultureInfo.CurrentUICulture, cancellationToken);
        var chosen = Input.Roles.Distinct().ToList();
        if (chosen.Count == 0 || !chosen.All(Catalogue.Contains))
        {
            ModelState.AddModelError("Input.Roles", t["Invitations.ChooseRole"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email!.Trim();
        var normalized = users.NormalizeEmail(email);
        var check = await invitations.CheckAsync(Organisation, email, normalized, cancellationToken);
        if (!check.Succeeded)
        {
            foreach (var rule in check.Errors)
            {
                ModelState.AddModelError(rule.Field.Length == 0 ? string.Empty : "Input." + rule.Field, rule.Message(t));
            }

            return Page();
        }

        var roles = await db.FachanwendungRoles.Where(r => chosen.Contains(r.Id) && r.Fachanwendung.IsEnabled && r.Fachanwendung.ApprovedAt != null).ToListAsync(cancellationToken);
        invitations.Create(Organisation, email, normalized, roles, AdminUser, Request.PublicBaseUri());
        await db.SaveChangesAsync(cancellationToken);
        Message = t["Invitations.Sent", email];
        return RedirectToPage("/Organisations/Administration/Index", new { OrganisationId });
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(254, ErrorMessage = "Validation.TooLong")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [Display(Name = "Invitations.Email")]
        public string? Email { get; set; }

        public List<Guid> Roles { get; set; } = [];
    }
}
