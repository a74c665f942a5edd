using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Review;

/// <summary>
/// An administrator's change of name, legal form or address, beside the organisation's current data and the
/// register: approving replaces the organisation's data, rejecting needs a reason that the requester gets.
/// </summary>
public sealed class ChangeModel(
    ApplicationDbContext db,
    MailOutbox outbox,
    MailComposer composer,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : ChamberDecisionPage
{
    public OrganisationDataChange Change { get; private set; } = null!;

    public IReadOnlyList<ComparisonRow> Current { get; private set; } = [];

    public IReadOnlyList<RegisterCandidate> Candidates { get; private set; } = [];

    [BindProperty]
    public Guid Stamp { get; set; }

    [BindProperty]
    [StringLength(RequestModel.MaxReasonLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Chamber.Review.Reason")]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken cancellationToken)
    {
        ModelState.Remove(nameof(Reason));
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (IsStale())
        {
            return AlreadyDecided(id);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Change.Approve(StaffUser.Id, now);
        db.Audit(AuditAction.OrganisationDataChangeApproved, now, StaffUser, Change.OrganisationId, ChamberId, details: Change.Id.ToString());
        await ReviewMail.SendAsync(db, outbox, composer, Change.RequestedByUserId, "Chamber.DataChangeApproved", cancellationToken, Change.Organisation.Firmierung, Chamber.Name);
        return await SaveDecisionAsync(id, t["Chamber.Review.ChangeApproved", Change.Organisation.Firmierung], cancellationToken);
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (IsStale())
        {
            return AlreadyDecided(id);
        }

        var reason = Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            ModelState.AddModelError(nameof(Reason), t["Chamber.Review.ReasonRequired"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Change.Reject(reason!, StaffUser.Id, now);
        db.Audit(AuditAction.OrganisationDataChangeRejected, now, StaffUser, Change.OrganisationId, ChamberId, details: Change.Id.ToString());
        await ReviewMail.SendAsync(db, outbox, composer, Change.RequestedByUserId, "Chamber.DataChangeRejected", cancellationToken, Change.Organisation.Firmierung, Chamber.Name, reason!);
        return await SaveDecisionAsync(id, t["Chamber.Review.ChangeRejected", Change.Organisation.Firmierung], cancellationToken);
    }

    private bool IsStale() => Change.Status != DataChangeStatus.Open || Change.ConcurrencyStamp != Stamp;

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var change = await db.OrganisationDataChanges.Include(c => c.Organisation)
            .SingleOrDefaultAsync(c => c.Id == id && c.Organisation.ChamberId == ChamberId, cancellationToken);
        if (change is null)
        {
            return false;
        }

        Change = change;
        if (Request.Method == HttpMethods.Post)
        {
            db.Entry(change).Property(c => c.ConcurrencyStamp).OriginalValue = Stamp;
        }
        else
        {
            Stamp = change.ConcurrencyStamp;
        }

        var org = change.Organisation;
        Current =
        [
            new("Chamber.Field.Firmierung", change.Firmierung, org.Firmierung),
            new("Chamber.Field.Rechtsform", change.Rechtsform, org.Rechtsform),
            new("Chamber.Field.Strasse", change.Strasse, org.Strasse),
            new("Chamber.Field.Hausnummer", change.Hausnummer, org.Hausnummer),
            new("Chamber.Field.Plz", change.Plz, org.Plz),
            new("Chamber.Field.Ort", change.Ort, org.Ort),
            new("Chamber.Field.HrNummer", change.HrNummer, org.HrNummer),
            new("Chamber.Field.Registergericht", change.Registergericht, org.Registergericht),
            new("Chamber.Field.Registerart", change.Registerart, org.Registerart),
        ];
        Candidates = await RegisterMatching.FindAsync(db, ChamberId, org.Identnummer, change.HrNummer, change.Firmierung, change.Plz, null, cancellationToken);
        return true;
    }

    public IReadOnlyList<ComparisonRow> Compare(MemberRegisterEntry entry) =>
        RegisterMatching.Compare(Change.Firmierung, Change.Rechtsform, Change.Strasse, Change.Hausnummer, Change.Plz, Change.Ort,
            Change.Organisation.Identnummer, Change.HrNummer, Change.Registergericht, Change.Registerart, entry);
}
