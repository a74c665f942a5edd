using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Letters;

/// <summary>
/// The letter outbox of the staff's chamber: download letters (one or a batch as one PDF) for the print run,
/// then mark them sent, which erases the printed password for good.
/// </summary>
public sealed class IndexModel(ApplicationDbContext db, LetterPrinter printer, TimeProvider clock, IStringLocalizer<SharedResource> t) : ChamberStaffPage
{
    public IReadOnlyList<LetterRow> Letters { get; private set; } = [];

    [BindProperty]
    public List<Guid> Selected { get; set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken cancellationToken)
    {
        if (Selected.Count == 0)
        {
            ModelState.AddModelError(nameof(Selected), t["Chamber.Letters.NoneSelected"]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        var pdf = await printer.PdfAsync(ChamberId, Selected, cancellationToken);
        if (pdf is null)
        {
            return NotFound();
        }

        return File(pdf, "application/pdf", $"aktivierungsbriefe-{clock.GetUtcNow():yyyyMMdd-HHmm}.pdf");
    }

    public async Task<IActionResult> OnPostSentAsync(CancellationToken cancellationToken)
    {
        if (Selected.Count == 0)
        {
            ModelState.AddModelError(nameof(Selected), t["Chamber.Letters.NoneSelected"]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var letters = await printer.Unsent(ChamberId).Where(l => Selected.Contains(l.Id)).Include(l => l.Organisation).ToListAsync(cancellationToken);
        foreach (var letter in letters)
        {
            letter.MarkSent(StaffUser.Id, now);
            db.Audit(AuditAction.LetterSent, now, StaffUser, letter.OrganisationId, ChamberId, details: letter.Id.ToString());
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            Message = t["Chamber.Letters.Concurrent"];
            return RedirectToPage();
        }

        Message = t.Count("Chamber.Letters.MarkedSent", letters.Count);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Letters = await printer.Unsent(ChamberId)
            .OrderBy(l => l.CreatedAt)
            .Select(l => new LetterRow(l.Id, l.Organisation.Firmierung, l.Organisation.Identnummer, l.RecipientName, l.RecipientPlz + " " + l.RecipientOrt, l.Reason, l.CreatedAt, l.ExpiresAt))
            .ToListAsync(cancellationToken);
    }

    public sealed record LetterRow(Guid Id, string Firmierung, string? Identnummer, string Recipient, string Place, ActivationLetterReason Reason, DateTime CreatedAt, DateTime ExpiresAt);
}
