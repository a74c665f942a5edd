using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Security.Search;

/// <summary>
/// The security event trail for platform administrators (ASVS 5.0 16.2): filter by person (user name, e-mail or user
/// id), kind, period (Berlin calendar days) and address (exact or a prefix ending in "." or ":"); newest first, paged.
/// Read-only; every filter is a query parameter, so a result can be linked.
/// </summary>
public sealed class IndexModel(ApplicationDbContext db) : PlatformPage
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "person")]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true, Name = "art")]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "von")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "bis")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "adresse")]
    public string? Address { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int PageCount { get; private set; } = 1;

    public int Total { get; private set; }

    public IReadOnlyList<SecurityEventEntry> Events { get; private set; } = [];

    public IReadOnlyDictionary<string, string> UserNames { get; private set; } = new Dictionary<string, string>();

    public static IReadOnlyList<SecurityEventKind> Kinds { get; } = [.. Enum.GetValues<SecurityEventKind>().OrderBy(k => (int)k)];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Kind is { Length: > 0 } && !Enum.TryParse<SecurityEventKind>(Kind, out _))
        {
            ModelState.AddModelError("art", T["Trail.Error.Kind"]);
        }

        if (From is { } from && To is { } to && to < from)
        {
            ModelState.AddModelError("bis", T["Trail.Error.Period"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var query = db.SecurityEvents.AsNoTracking();
        if (Person?.Trim() is { Length: > 0 } person)
        {
            var ids = await db.Users.Where(u => u.UserName == person || u.Email == person || u.Id == person).Select(u => u.Id).ToListAsync(cancellationToken);
            query = query.Where(e => (e.UserId != null && ids.Contains(e.UserId)) || e.UserName == person);
        }

        if (Kind is { Length: > 0 })
        {
            query = query.Where(e => e.Kind == Kind);
        }

        if (From is { } start)
        {
            var since = DisplayTime.StartOfBerlinDay(start);
            query = query.Where(e => e.OccurredAt >= since);
        }

        if (To is { } end)
        {
            var until = DisplayTime.StartOfBerlinDay(end.AddDays(1));
            query = query.Where(e => e.OccurredAt < until);
        }

        if (Address?.Trim() is { Length: > 0 } address)
        {
            query = address.EndsWith('.') || address.EndsWith(':')
                ? query.Where(e => e.RemoteAddress != null && e.RemoteAddress.StartsWith(address))
                : query.Where(e => e.RemoteAddress == address);
        }

        Total = await query.CountAsync(cancellationToken);
        PageCount = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Events = await query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);

        // Names of people who still have an account, for events recorded without one (e.g. by an administrator's action).
        var userIds = Events.Where(e => e.UserName is null && e.UserId is not null).Select(e => e.UserId!).Distinct().ToList();
        UserNames = userIds.Count == 0
            ? new Dictionary<string, string>()
            : await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName!, cancellationToken);
        return Page();
    }

    public string PersonOf(SecurityEventEntry e) =>
        e.UserName ?? (e.UserId is not null && UserNames.TryGetValue(e.UserId, out var name) ? name : e.UserId is null ? "–" : T["Trail.DeletedPerson"]);

    /// <summary>This search with another page number.</summary>
    public string LinkTo(int page) => "/plattform/sicherheitsereignisse" + QueryString.Create(new Dictionary<string, string?>
    {
        ["person"] = Person,
        ["art"] = Kind,
        ["von"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["bis"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["adresse"] = Address,
        ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value)));
}
