using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.Register;
using MeineIhk.IdentityProvider.Features.Notifications;
using MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.Join;

/// <summary>
/// "Organisation beitreten" (chapter 5): the user enters the organisation's data as the chamber holds it,
/// a reason and optionally the roles they need; a join request goes to every administrator. Nothing on
/// this page reveals an organisation whose data the user did not enter exactly.
/// </summary>
public sealed class IndexModel(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    Notifier notifier,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public List<Guid> RoleIds { get; set; } = [];

    public RoleCatalogue Catalogue { get; private set; } = new([]);

    /// <summary>Shown with the error summary when no organisation matches.</summary>
    public bool NoMatch { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Catalogue = await RoleCatalogue.LoadAsync(db, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Catalogue = await RoleCatalogue.LoadAsync(db, cancellationToken);
        var reason = RequestText.Check(ModelState, "Input.Reason", Input.Reason, t["Join.Reason"], MembershipRequest.ReasonMaxLength, t);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var entered = new JoinData(Input.Firmierung, Input.Strasse, Input.Hausnummer, Input.Plz, Input.Identnummer);
        var plz = OrganisationDataMatch.Normalise(Input.Plz);
        var candidates = await db.Organisations
            .Where(o => o.Status == OrganisationStatus.Active && o.Plz == plz)
            .ToListAsync(cancellationToken);
        var matches = candidates.Where(o => OrganisationDataMatch.Matches(o, entered)).ToList();
        if (matches.Count == 0)
        {
            NoMatch = true;
            ModelState.AddModelError(string.Empty, t["Join.NoMatch"]);
            return Page();
        }

        if (matches.Count > 1)
        {
            // The same data in two chambers: only the Identnummer tells them apart.
            ModelState.AddModelError("Input.Identnummer", t["Join.Ambiguous"]);
            return Page();
        }

        var organisation = matches[0];
        var user = (await users.GetUserAsync(User))!;
        if (await db.Memberships.AnyAsync(m => m.OrganisationId == organisation.Id && m.UserId == user.Id, cancellationToken))
        {
            ModelState.AddModelError(string.Empty, t["Join.AlreadyMember", organisation.Firmierung]);
            return Page();
        }

        if (await db.MembershipRequests.AnyAsync(
                r => r.OrganisationId == organisation.Id && r.UserId == user.Id && r.Kind == MembershipRequestKind.Join
                    && r.Status == MembershipRequestStatus.Open,
                cancellationToken))
        {
            ModelState.AddModelError(string.Empty, t["Join.AlreadyRequested", organisation.Firmierung]);
            return Page();
        }

        var request = new MembershipRequest
        {
            Kind = MembershipRequestKind.Join,
            OrganisationId = organisation.Id,
            UserId = user.Id,
            Reason = reason,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var roles = Catalogue.Known(RoleIds);
        foreach (var role in await db.FachanwendungRoles.Where(r => roles.Contains(r.Id)).ToListAsync(cancellationToken))
        {
            request.RequestRole(role);
        }

        db.MembershipRequests.Add(request);
        await notifier.NotifyAdministratorsAsync(db, organisation, NotificationKind.JoinRequestReceived, user.DisplayName,
            Request.PublicUri(RequestNotices.DetailsPath(organisation.Id, request.Id)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = t["Join.Sent", organisation.Firmierung].Value;
        return LocalRedirect("/organisationen");
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        [PlainText]
        [Display(Name = "Join.Firmierung")]
        public string? Firmierung { get; set; }

        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(100, ErrorMessage = "Validation.TooLong")]
        [PlainText]
        [Display(Name = "Join.Strasse")]
        public string? Strasse { get; set; }

        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(20, ErrorMessage = "Validation.TooLong")]
        [PlainText]
        [Display(Name = "Join.Hausnummer")]
        public string? Hausnummer { get; set; }

        [Required(ErrorMessage = "Validation.RequiredField")]
        [StringLength(10, ErrorMessage = "Validation.TooLong")]
        [RegularExpression(@"^\s*[0-9]{5}\s*$", ErrorMessage = "Organisations.PlzFormat")]
        [Display(Name = "Join.Plz")]
        public string? Plz { get; set; }

        [StringLength(20, ErrorMessage = "Validation.TooLong")]
        [PlainText]
        [Display(Name = "Join.Identnummer")]
        public string? Identnummer { get; set; }

        /// <summary>Checked by <see cref="RequestText"/> (line breaks allowed, counted once).</summary>
        public string? Reason { get; set; }
    }
}
