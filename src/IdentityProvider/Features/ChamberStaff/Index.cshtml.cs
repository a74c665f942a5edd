using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.ChamberStaff.Letters;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff;

/// <summary>The review queue of the staff's chamber: requested organisations and open data changes.</summary>
public sealed class IndexModel(ApplicationDbContext db, LetterPrinter printer) : ChamberStaffPage
{
    public IReadOnlyList<RequestRow> Requests { get; private set; } = [];

    public IReadOnlyList<ChangeRow> Changes { get; private set; } = [];

    public int UnsentLetters { get; private set; }

    public int RegisterEntries { get; private set; }

    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Requests = await db.Organisations.AsNoTracking()
            .Where(o => o.ChamberId == ChamberId && o.Status == OrganisationStatus.Requested)
            .OrderBy(o => o.CreatedAt)
            .Select(o => new RequestRow(o.Id, o.Firmierung, o.Plz + " " + o.Ort, o.CreatedAt))
            .ToListAsync(cancellationToken);
        Changes = await db.OrganisationDataChanges.AsNoTracking()
            .Where(c => c.Organisation.ChamberId == ChamberId && c.Status == DataChangeStatus.Open)
            .OrderBy(c => c.RequestedAt)
            .Select(c => new ChangeRow(c.Id, c.Organisation.Firmierung, c.Organisation.Identnummer, c.RequestedAt))
            .ToListAsync(cancellationToken);
        UnsentLetters = await printer.Unsent(ChamberId).CountAsync(cancellationToken);
        RegisterEntries = await db.MemberRegister.CountAsync(e => e.ChamberId == ChamberId, cancellationToken);
    }

    public sealed record RequestRow(Guid Id, string Firmierung, string Place, DateTime RequestedAt);

    public sealed record ChangeRow(Guid Id, string Firmierung, string? Identnummer, DateTime RequestedAt);
}
