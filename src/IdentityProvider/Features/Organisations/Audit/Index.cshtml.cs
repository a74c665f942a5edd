using System.Globalization;
using System.Text;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.Audit;

/// <summary>
/// The organisation's audit log for its administrators: newest first, one page at a time, filtered by period and
/// kind, and as a CSV file with the same rows and words.
/// </summary>
public sealed class IndexModel(ApplicationDbContext db, AuditText text, IStringLocalizer<SharedResource> t, TimeProvider clock) : OrganisationAdministratorPage
{
    public const int PageSize = 50;
    public const int CsvLimit = 10_000;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    /// <summary>First day shown (German local date), inclusive.</summary>
    [BindProperty(SupportsGet = true, Name = "von")]
    public DateOnly? From { get; set; }

    /// <summary>Last day shown, inclusive.</summary>
    [BindProperty(SupportsGet = true, Name = "bis")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "art")]
    public string? Kind { get; set; }

    public string Firmierung => Organisation.Firmierung;

    public IReadOnlyList<AuditLine> Entries { get; private set; } = [];

    public int PageCount { get; private set; } = 1;

    /// <summary>The filter as a query string, for paging and the download link.</summary>
    public string FilterQuery =>
        string.Join("&", new[]
        {
            From is { } f ? "von=" + f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            To is { } b ? "bis=" + b.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            Kind is { Length: > 0 } k ? "art=" + Uri.EscapeDataString(k) : null,
        }.OfType<string>());

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var entries = Filtered();
        var total = await entries.CountAsync(cancellationToken);
        PageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var page = await entries
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
            .ToListAsync(cancellationToken);
        Entries = await text.DescribeAsync(page, CultureInfo.CurrentUICulture, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var rows = await Filtered()
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Take(CsvLimit)
            .ToListAsync(cancellationToken);
        var lines = await text.DescribeAsync(rows, CultureInfo.CurrentUICulture, cancellationToken);
        var csv = new StringBuilder();
        Row(csv, t["Audit.When"], t["Audit.Who"], t["Audit.What"], t["Audit.ForWhom"], t["Audit.Details"]);
        foreach (var line in lines)
        {
            Row(csv, line.When, line.Who, line.What, line.ForWhom, line.Details);
        }

        var name = $"protokoll-{DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd}.csv";
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", name);
    }

    private IQueryable<AuditEntry> Filtered()
    {
        var entries = db.AuditEntries.AsNoTracking().Where(a => a.OrganisationId == OrganisationId);
        if (From is { } from)
        {
            var start = DisplayTime.StartOfBerlinDay(from);
            entries = entries.Where(a => a.OccurredAt >= start);
        }

        if (To is { } to)
        {
            var end = DisplayTime.StartOfBerlinDay(to.AddDays(1));
            entries = entries.Where(a => a.OccurredAt < end);
        }

        if (Kind is not null && AuditKind.Actions.TryGetValue(Kind, out var actions))
        {
            entries = entries.Where(a => actions.Contains(a.Action));
        }
        else
        {
            Kind = null;
        }

        return entries;
    }

    /// <summary>Semicolon-separated as spreadsheets in German settings expect; cells that a spreadsheet would run as a formula are defused.</summary>
    private static void Row(StringBuilder csv, params string[] cells)
    {
        csv.Append(string.Join(';', cells.Select(Cell))).Append("\r\n");
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
