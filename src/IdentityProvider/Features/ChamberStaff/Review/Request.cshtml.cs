using System.ComponentModel.DataAnnotations;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Review;

/// <summary>
/// One registration request beside the best fitting entries of the chamber's member register. Approving takes
/// the Identnummer from the chosen entry and issues the activation letter to its management address, in the
/// same transaction; rejecting needs a reason, which the requester gets by mail.
/// </summary>
public sealed class RequestModel(
    ApplicationDbContext db,
    ActivationLetterIssuer letters,
    MailOutbox outbox,
    MailComposer composer,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : ChamberDecisionPage
{
    public const int MaxReasonLength = 500;

    public Organisation Organisation { get; private set; } = null!;

    public string? Requester { get; private set; }

    public IReadOnlyList<RegisterCandidate> Candidates { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "suche")]
    public string? Search { get; set; }

    [BindProperty]
    public Guid Stamp { get; set; }

    [BindProperty]
    public Guid? EntryId { get; set; }

    [BindProperty]
    [StringLength(MaxReasonLength, ErrorMessage = "Validation.TooLong")]
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

        var entry = EntryId is { } entryId
            ? await db.MemberRegister.SingleOrDefaultAsync(e => e.Id == entryId && e.ChamberId == ChamberId, cancellationToken)
            : null;
        if (entry is null)
        {
            ModelState.AddModelError(nameof(EntryId), t["Chamber.Review.ChooseEntry"]);
            return Page();
        }

        if (await db.Organisations.AnyAsync(o => o.ChamberId == ChamberId && o.Identnummer == entry.Identnummer && o.Id != id, cancellationToken))
        {
            ModelState.AddModelError(nameof(EntryId), t["Chamber.Review.IdentnummerTaken", entry.Identnummer]);
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Organisation.Approve(entry.Identnummer, StaffUser.Id, now);
        db.Audit(AuditAction.OrganisationApproved, now, StaffUser, Organisation.Id, ChamberId, details: entry.Identnummer);
        await letters.IssueAsync(Organisation, entry, ActivationLetterReason.Approval, StaffUser, cancellationToken);
        await ReviewMail.SendAsync(db, outbox, composer, Organisation.RequestedByUserId, "Chamber.RequestApproved", cancellationToken, Organisation.Firmierung, Chamber.Name);
        return await SaveDecisionAsync(id, t["Chamber.Review.Approved", Organisation.Firmierung], cancellationToken);
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken cancellationToken)
    {
        ModelState.Remove(nameof(EntryId));
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
        else if (reason.Any(c => char.IsControl(c) && c is not '\r' and not '\n'))
        {
            ModelState.AddModelError(nameof(Reason), t["Validation.PlainText", t["Chamber.Review.Reason"]]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Organisation.Reject(reason!, StaffUser.Id, now);
        db.Audit(AuditAction.OrganisationRejected, now, StaffUser, Organisation.Id, ChamberId);
        await ReviewMail.SendAsync(db, outbox, composer, Organisation.RequestedByUserId, "Chamber.RequestRejected", cancellationToken, Organisation.Firmierung, Chamber.Name, reason!);
        return await SaveDecisionAsync(id, t["Chamber.Review.Rejected", Organisation.Firmierung], cancellationToken);
    }

    private bool IsStale() => Organisation.Status != OrganisationStatus.Requested || Organisation.ConcurrencyStamp != Stamp;

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == id && o.ChamberId == ChamberId, cancellationToken);
        if (organisation is null)
        {
            return false;
        }

        Organisation = organisation;
        if (Request.Method == HttpMethods.Post)
        {
            // A decision counts only against the state the deciding person saw.
            db.Entry(organisation).Property(o => o.ConcurrencyStamp).OriginalValue = Stamp;
        }
        else
        {
            Stamp = organisation.ConcurrencyStamp;
        }

        if (organisation.RequestedByUserId is { } userId && await db.Users.FindAsync([userId], cancellationToken) is { } requester)
        {
            Requester = $"{requester.DisplayName} ({requester.Email})";
        }

        Candidates = await RegisterMatching.FindAsync(db, ChamberId, organisation.Identnummer, organisation.HrNummer, organisation.Firmierung, organisation.Plz, Search, cancellationToken);
        return true;
    }

    public IReadOnlyList<ComparisonRow> Compare(MemberRegisterEntry entry) =>
        RegisterMatching.Compare(Organisation.Firmierung, Organisation.Rechtsform, Organisation.Strasse, Organisation.Hausnummer,
            Organisation.Plz, Organisation.Ort, Organisation.Identnummer, Organisation.HrNummer, Organisation.Registergericht, Organisation.Registerart, entry);
}
