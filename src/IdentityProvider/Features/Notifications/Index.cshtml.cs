using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Notifications;

/// <summary>The events of the bell, newest first, each in the reader's language, with a link to what it is about.</summary>
public sealed class IndexModel(ApplicationDbContext db, UserManager<ApplicationUser> users, Notifier notifier, TimeProvider clock) : PageModel
{
    private const int Shown = 100;

    public IReadOnlyList<Entry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var notifications = await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt)
            .Take(Shown)
            .ToListAsync(cancellationToken);
        Entries = notifications
            .Select(n => new Entry(n.Id, notifier.Text(n.Kind, n.OrganisationName, n.Details, CultureInfo.CurrentUICulture), n.CreatedAt, n.Link, n.ReadAt is null))
            .ToList();
    }

    /// <summary>Opens a notification's link and marks it read.</summary>
    public async Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.UserId == userId, cancellationToken);
        if (notification is null)
        {
            return NotFound();
        }

        notification.ReadAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return LocalRedirect(notification.Link is { } link && Url.IsLocalUrl(link) ? link : "/benachrichtigungen");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        return LocalRedirect("/benachrichtigungen");
    }

    public sealed record Entry(Guid Id, string Text, DateTime At, string? Link, bool Unread);
}
