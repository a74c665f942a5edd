using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations.Audit;

/// <summary>The organisation's audit log for its administrators: newest first, one page at a time.</summary>
public sealed class IndexModel(ApplicationDbContext db) : OrganisationAdministratorPage
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public string Firmierung => Organisation.Firmierung;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public int PageCount { get; private set; } = 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var entries = db.AuditEntries.AsNoTracking().Where(a => a.OrganisationId == OrganisationId);
        var total = await entries.CountAsync(cancellationToken);
        PageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Entries = await entries
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
            .ToListAsync(cancellationToken);
        return Page();
    }
}
