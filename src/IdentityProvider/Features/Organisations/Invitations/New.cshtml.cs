using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.Invitations;

/// <summary>"Benutzer hinzufügen" (chapter 4, steps 2–4): choose the roles, enter the address, "Weiter" mails the link.</summary>
public sealed class NewModel(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    InvitationSender invitations,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [FromRoute]
    public Guid OrganisationId { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string Firmierung { get; private set; } = "";

    public RoleCatalogue Catalogue { get; private set; } = new([]);

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var admin = await db.AdministeredMembershipAsync(users.GetUserId(User)!, OrganisationId, cancellationToken);
        if (admin is null)
        {
            return NotFound();
        }

        Firmierung = admin.Organisation.Firmierung;
        Catalogue = await RoleCatalogue.LoadAsync(db, CultureInfo.CurrentUICulture, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var admin = await db.AdministeredMembershipAsync(users.GetUserId(User)!, OrganisationId, cancellationToken);
        if (admin is null)
        {
            return NotFound();
        }

        Firmierung = admin.Organisation.Firmierung;
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
        var refusal = await invitations.CheckAsync(admin.Organisation, normalized, cancellationToken);
        if (refusal != InvitationRefusal.None)
        {
            ModelState.AddModelError(refusal is InvitationRefusal.AlreadyMember or InvitationRefusal.AlreadyInvited ? "Input.Email" : string.Empty, refusal switch
            {
                InvitationRefusal.AlreadyMember => t["Invitations.AlreadyMember", email],
                InvitationRefusal.AlreadyInvited => t["Invitations.AlreadyInvited", email],
                InvitationRefusal.TooManyOpen => t["Invitations.TooManyOpen", invitations.Options.MaxOpenPerOrganisation],
                _ => t["Invitations.TooManySent", invitations.Options.MaxSentPerHour],
            });
            return Page();
        }

        var roles = await db.FachanwendungRoles.Where(r => chosen.Contains(r.Id) && r.Fachanwendung.IsEnabled && r.Fachanwendung.ApprovedAt != null).ToListAsync(cancellationToken);
        invitations.Create(admin.Organisation, email, normalized, roles, (await users.GetUserAsync(User))!,
            new Uri($"{Request.Scheme}://{Request.Host}{Request.PathBase}/"));
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
