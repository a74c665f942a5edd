using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Letters;

/// <summary>One letter as PDF; 404 for letters of other chambers and for letters already sent (their password is gone).</summary>
public sealed class PdfModel(LetterPrinter printer) : ChamberStaffPage
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await printer.PdfAsync(ChamberId, [id], cancellationToken) is { } pdf
            ? File(pdf, "application/pdf", $"aktivierungsbrief-{id}.pdf")
            : NotFound();
}
