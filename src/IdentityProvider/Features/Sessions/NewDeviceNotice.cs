using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Sessions;

/// <summary>
/// On every fresh login: is this browser known for this user? A browser is recognised by a long-lived random device
/// cookie, of which only the SHA-256 hash is stored (<see cref="KnownDevice"/>). A login from an unknown browser of a
/// user who has signed in before mails a notice to every confirmed address (time in Europe/Berlin, browser, address,
/// link to "Angemeldete Geräte"), unless the user switched it off. A user's very first login sends nothing: that is
/// the registration's own browser, or the first login after this feature came. Tracked changes of the caller's context.
/// </summary>
public sealed class NewDeviceNotice(
    ApplicationDbContext db,
    MailOutbox outbox,
    MailComposer composer,
    PublicOrigin origin,
    TimeProvider clock,
    IOptions<HostingOptions> hosting,
    IStringLocalizer<SharedResource> t)
{
    public const string CookieBaseName = "MeineIhk.Device";

    public const string DevicesPath = "konto/geraete";

    private static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(400); // the longest a browser keeps a cookie

    public string CookieName => ProviderCookies.Name(CookieBaseName, ProviderCookies.AreSecure(hosting.Value));

    public async Task SignedInAsync(HttpContext http, string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var value = http.Request.Cookies[CookieName];
        if (value is not { Length: 43 })
        {
            value = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            http.Response.Cookies.Append(CookieName, value, new CookieOptions
            {
                HttpOnly = true,
                Secure = ProviderCookies.AreSecure(hosting.Value) || http.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                Path = "/",
                IsEssential = true,
                Expires = clock.GetUtcNow() + CookieLifetime,
            });
        }

        var hash = Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(value)));
        var known = await db.KnownDevices.Where(d => d.UserId == userId).ToListAsync(cancellationToken);
        if (known.Find(d => d.DeviceHash == hash) is { } device)
        {
            device.LastSeenAt = now;
            return;
        }

        db.KnownDevices.Add(new KnownDevice { UserId = userId, DeviceHash = hash, FirstSeenAt = now, LastSeenAt = now });
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (known.Count == 0 || user is null || user.NewDeviceNoticesOff)
        {
            return;
        }

        var agent = http.Request.Headers.UserAgent.ToString();
        var culture = CultureInfo.CurrentUICulture;
        var unknown = t["Devices.Unknown"].Value;
        var time = DisplayTime.Format(now, culture);
        var browser = UserAgentText.Browser(agent) ?? unknown;
        var system = UserAgentText.System(agent) ?? unknown;
        var address = Security.ClientAddress.Of(http) ?? unknown;
        foreach (var recipient in await db.ConfirmedAddressesAsync(user))
        {
            outbox.Add(composer.Compose("NewDevice", recipient, culture, user.DisplayName, origin.Page(DevicesPath), time, browser, system, address));
        }
    }
}
