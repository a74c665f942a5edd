using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Profile.SignInHistory;

/// <summary>
/// "Anmeldeverlauf": the person's own sign-ins and failed attempts of the last 90 days, from the security event trail
/// (time in Europe/Berlin, method, address, result), newest first. Only the person's own events, by user id.
/// </summary>
public sealed class IndexModel(ApplicationDbContext db, UserManager<ApplicationUser> users, TimeProvider clock) : PageModel
{
    public const int Days = 90;

    public const int PageSize = 50;

    private static readonly string[] SignInKinds =
    [
        nameof(SecurityEventKind.LoginSucceeded),
        nameof(SecurityEventKind.LoginFailed),
        nameof(SecurityEventKind.LockedOut),
        nameof(SecurityEventKind.SecondFactorSucceeded),
        nameof(SecurityEventKind.SecondFactorFailed),
        nameof(SecurityEventKind.RecoveryCodeUsed),
    ];

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int PageCount { get; private set; } = 1;

    public IReadOnlyList<SecurityEventEntry> Events { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        var userId = users.GetUserId(User)!;
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Days);
        var query = db.SecurityEvents.AsNoTracking()
            .Where(e => e.UserId == userId && e.OccurredAt >= since && SignInKinds.Contains(e.Kind));
        var total = await query.CountAsync(cancellationToken);
        PageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Events = await query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
    }

    public static bool Succeeded(SecurityEventEntry e) =>
        e.Kind is nameof(SecurityEventKind.LoginSucceeded) or nameof(SecurityEventKind.SecondFactorSucceeded) or nameof(SecurityEventKind.RecoveryCodeUsed);

    /// <summary>The resource key of the method: a successful login's detail names it; failures of the password form are "password".</summary>
    public static string MethodKey(SecurityEventEntry e) => e.Kind switch
    {
        nameof(SecurityEventKind.LoginSucceeded) => "History.Method." + (e.Detail ?? "password"),
        nameof(SecurityEventKind.LoginFailed) or nameof(SecurityEventKind.LockedOut) => "History.Method.password",
        nameof(SecurityEventKind.RecoveryCodeUsed) => "History.Method.recovery-code",
        _ => "History.Method.second-factor",
    };

    /// <summary>The resource key of the result: success, or the failure's reason.</summary>
    public static string ResultKey(SecurityEventEntry e) => e.Kind switch
    {
        _ when Succeeded(e) => "History.Result.Succeeded",
        nameof(SecurityEventKind.LockedOut) => "History.Result.LockedOut",
        nameof(SecurityEventKind.LoginFailed) => "History.Result." + (e.Detail ?? "failed"),
        _ => "History.Result.failed",
    };
}
