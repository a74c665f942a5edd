using MeineIhk.IdentityProvider.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Notifications;

/// <summary>The bell in the page header: one indexed count of the user's unread notifications.</summary>
public sealed class NotificationBellViewComponent(ApplicationDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var unread = userId is null ? 0 : await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null);
        return View(unread);
    }
}
