using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Profile.Devices;

/// <summary>
/// "Angemeldete Geräte": every active session of the user (browser and system from the user agent, address, first
/// seen, last active, the applications used in it), the current one marked; "Abmelden" ends one, "Überall sonst
/// abmelden" every other, and the applications used in them get their back-channel logout. The new-device notice
/// is switched here.
/// </summary>
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    ApplicationDbContext db,
    BackChannelLogout backChannelLogout,
    ISecurityEventTrail trail,
    TimeProvider clock,
    IOptions<ProviderSessionOptions> options,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<Device> Devices { get; private set; } = [];

    public bool NoticesOn { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var user = (await users.GetUserAsync(User))!;
        NoticesOn = !user.NewDeviceNoticesOff;
        Devices = await DevicesAsync(user.Id, cancellationToken);
    }

    public async Task<IActionResult> OnPostEndAsync(string? sessionId, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var ended = (await ActiveAsync(userId, cancellationToken)).Where(s => s.SessionId == sessionId && !IsCurrent(s)).ToList();
        if (ended.Count == 0)
        {
            Message = t["Devices.SessionGone"];
            return RedirectToPage();
        }

        await EndAsync(ended, cancellationToken);
        Message = t["Devices.Ended"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndOthersAsync(CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var ended = (await ActiveAsync(userId, cancellationToken)).Where(s => !IsCurrent(s)).ToList();
        await EndAsync(ended, cancellationToken);
        Message = ended.Count == 0 ? t["Devices.NoOthers"] : t["Devices.EndedOthers", ended.Count];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostNoticesAsync(bool on)
    {
        var userId = users.GetUserId(User)!;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.NewDeviceNoticesOff, !on));
        Message = on ? t["Devices.NoticesOn"] : t["Devices.NoticesOff"];
        return RedirectToPage();
    }

    private async Task EndAsync(List<AuthenticationSession> sessions, CancellationToken cancellationToken)
    {
        await backChannelLogout.AuthenticationSessionsEndedAsync(sessions, "ended-by-user", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var session in sessions)
        {
            trail.Record(new SecurityEvent(SecurityEventKind.SessionEnded, UserId: session.UserId, Detail: "ended-by-user",
                RemoteAddress: ClientAddress.Of(HttpContext), SessionId: session.SessionId));
        }
    }

    private bool IsCurrent(AuthenticationSession session) => session.Id == DatabaseTicketStore.CurrentHandle(HttpContext);

    private async Task<List<AuthenticationSession>> ActiveAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var idleSince = now - options.Value.IdleTimeout;
        return await db.AuthenticationSessions
            .Where(s => s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now && s.LastActiveAt > idleSince)
            .OrderByDescending(s => s.LastActiveAt)
            .ToListAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<Device>> DevicesAsync(string userId, CancellationToken cancellationToken)
    {
        var sessions = await ActiveAsync(userId, cancellationToken);
        var sessionIds = sessions.Select(s => s.SessionId).ToList();
        var german = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de";
        var used = await db.ClientSessions
            .Where(c => sessionIds.Contains(c.SessionId) && c.EndedAt == null)
            .Join(db.Fachanwendungen, c => c.ClientId, f => f.ClientId, (c, f) => new { c.SessionId, Name = german ? f.DisplayNameDe : f.DisplayNameEn })
            .ToListAsync(cancellationToken);
        var unknown = t["Devices.Unknown"].Value;
        return sessions
            .OrderByDescending(IsCurrent)
            .Select(s => new Device(
                s.SessionId,
                UserAgentText.Browser(s.UserAgent) ?? unknown,
                UserAgentText.System(s.UserAgent) ?? unknown,
                s.ClientAddress ?? unknown,
                s.CreatedAt,
                s.LastActiveAt,
                used.Where(u => u.SessionId == s.SessionId).Select(u => u.Name).Distinct().Order(StringComparer.CurrentCulture).ToList(),
                IsCurrent(s)))
            .ToList();
    }

    public sealed record Device(
        string SessionId, string Browser, string System, string Address, DateTime FirstSeen, DateTime LastActive, IReadOnlyList<string> Applications, bool IsCurrent);
}
