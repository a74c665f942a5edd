using System.Net;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Sessions;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeineIhk.Tests.Features.Sessions;

/// <summary>
/// Server-side sessions (ASVS 5.0 V7): the cookie is only a handle, so ending the session on the server ends every
/// copy of the cookie at once — logout, idle and absolute expiry, and any change of the user's security stamp.
/// Real HTTP on 127.0.0.1; the clock is the world's adjustable one.
/// </summary>
public abstract class ServerSessionTests(SessionsWorld sessions)
{
    private const string SessionCookie = ".MeineIhk.Session";

    private TestWorld World => sessions.World;

    // ASVS 5.0 V7.4.1: logout invalidates the session on the server; OIDC Core §3.1.2.3: no code without a session.
    [Fact]
    public async Task A_copy_of_the_cookie_taken_before_logout_no_longer_works_and_gets_no_new_codes()
    {
        var userName = await sessions.MemberWithRolesAsync($"{TestWorld.SampleClientId}:auszubildender");
        using var browser = new BrowserSession();
        var home = await LoginAsync(browser, userName);
        using var copy = CopyOf(browser);

        await browser.FollowAsync(await browser.SubmitAsync(home.Form("form[action='/abmelden']")));

        Assert.Equal("/anmelden", (await copy.GetAsync(new Uri(World.ProviderUrl, "konto"))).RequiredPage.RequestUri.AbsolutePath);
        // The application's login through the copied cookie ends at the password page, not with a code.
        var atSample = (await copy.GetAsync(World.SampleUrl)).RequiredPage;
        Assert.Equal((World.ProviderUrl.Authority, "/anmelden"), (atSample.RequestUri.Authority, atSample.RequestUri.AbsolutePath));
    }

    // ASVS 5.0 V7.3.1: an inactivity timeout (Sessions:IdleTimeout, 1 h by default).
    [Fact]
    public async Task A_session_unused_for_the_idle_timeout_ends()
    {
        var userName = await World.CreateUserAsync("idle");
        using var browser = new BrowserSession();
        await LoginAsync(browser, userName);
        try
        {
            World.Clock.Offset = TimeSpan.FromMinutes(50);
            Assert.Equal("/konto", (await browser.GetAsync(new Uri(World.ProviderUrl, "konto"))).RequiredPage.RequestUri.AbsolutePath);
            World.Clock.Offset = TimeSpan.FromMinutes(50 + 61);
            Assert.Equal("/anmelden", (await browser.GetAsync(new Uri(World.ProviderUrl, "konto"))).RequiredPage.RequestUri.AbsolutePath);
        }
        finally
        {
            World.Clock.Offset = TimeSpan.Zero;
        }

        Assert.Equal("idle", await EndReasonAsync(userName));
    }

    // Back-Channel Logout 1.0 §2.7: a session that ends by idleness tells its applications, even if the browser never comes back.
    [Fact]
    public async Task An_idle_session_whose_browser_never_returns_is_ended_by_the_hourly_sweep_and_its_application_is_told()
    {
        var userName = await sessions.MemberWithRolesAsync($"{SessionsWorld.SecondClientId}:auszubildender");
        var userId = await sessions.UserIdAsync(userName);
        using var browser = new BrowserSession();
        await browser.GetAsync(sessions.SampleBUrl, new(userName, TestWorld.Password));

        // Its last request was 61 minutes ago (the row says so; the applications' clocks stay where they are).
        var idleSince = World.Now - TimeSpan.FromMinutes(61);
        await World.WithDatabaseAsync(async db => await db.AuthenticationSessions.Where(s => s.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastActiveAt, idleSince)));
        await World.Provider.Services.GetRequiredService<BackChannelLogoutSender>().PruneAsync(CancellationToken.None);

        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal((SessionsWorld.SecondClientId, BackChannelLogoutReason.SessionEnded), (delivery.ClientId, delivery.Reason));
        Assert.NotNull(delivery.DeliveredAt);
        Assert.Equal("idle", await EndReasonAsync(userName));
    }

    // ASVS 5.0 V7.3.2: an absolute maximum session lifetime (Sessions:AbsoluteLifetime, 12 h by default), whatever the activity.
    [Fact]
    public async Task An_active_session_ends_at_its_absolute_lifetime()
    {
        var userName = await World.CreateUserAsync("absolute");
        using var browser = new BrowserSession();
        await LoginAsync(browser, userName);
        try
        {
            for (var minutes = 50; minutes < 12 * 60; minutes += 50)
            {
                World.Clock.Offset = TimeSpan.FromMinutes(minutes);
                Assert.Equal("/konto", (await browser.GetAsync(new Uri(World.ProviderUrl, "konto"))).RequiredPage.RequestUri.AbsolutePath);
            }

            World.Clock.Offset = TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1);
            Assert.Equal("/anmelden", (await browser.GetAsync(new Uri(World.ProviderUrl, "konto"))).RequiredPage.RequestUri.AbsolutePath);
        }
        finally
        {
            World.Clock.Offset = TimeSpan.Zero;
        }

        Assert.Equal("absolute", await EndReasonAsync(userName));
    }

    // ASVS 5.0 V7.4.3: after a password change the other sessions end at once (not at the next stamp check); this one stays.
    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_at_once_and_keeps_this_one()
    {
        var userName = await World.CreateUserAsync("pwchange");
        using var here = new BrowserSession();
        using var there = new BrowserSession();
        await LoginAsync(here, userName);
        await LoginAsync(there, userName);

        var form = (await here.GetAsync(new Uri(World.ProviderUrl, "konto/passwort"))).RequiredPage.Form("main form[method='post']", new Dictionary<string, string>
        {
            ["CurrentPassword"] = TestWorld.Password,
            ["NewPassword"] = "Neues-Passwort-2026!",
            ["NewPasswordRepeat"] = "Neues-Passwort-2026!",
        });
        var changed = (await here.FollowAsync(await here.SubmitAsync(form))).RequiredPage;

        Assert.Equal("/konto/passwort", changed.RequestUri.AbsolutePath);
        Assert.Equal("/anmelden", (await there.GetAsync(new Uri(World.ProviderUrl, "konto"))).RequiredPage.RequestUri.AbsolutePath);
        Assert.Equal("/konto", (await here.GetAsync(new Uri(World.ProviderUrl, "konto"))).RequiredPage.RequestUri.AbsolutePath);
    }

    // ASVS 5.0 V7.4.5 (lock ends every session) and V7.4.3.
    [Fact]
    public async Task Locking_the_account_ends_every_session_at_once()
    {
        var userName = await World.CreateUserAsync("lock");
        using var here = new BrowserSession();
        using var there = new BrowserSession();
        await LoginAsync(here, userName);
        await LoginAsync(there, userName);

        var form = (await here.GetAsync(new Uri(World.ProviderUrl, "konto/sperren"))).RequiredPage.Form("main form[method='post']");
        await here.FollowAsync(await here.SubmitAsync(form));

        Assert.Equal("/anmelden", (await there.GetAsync(new Uri(World.ProviderUrl, "konto"))).RequiredPage.RequestUri.AbsolutePath);
        Assert.Equal("/anmelden", (await here.GetAsync(new Uri(World.ProviderUrl, "konto"))).RequiredPage.RequestUri.AbsolutePath);
    }

    // What support's "end sessions", a password reset and a second-factor reset rely on: any stamp change ends every session.
    [Fact]
    public async Task Any_change_of_the_security_stamp_ends_every_session_and_tells_the_applications_used_in_it()
    {
        var userName = await sessions.MemberWithRolesAsync($"{TestWorld.SampleClientId}:auszubildender", $"{SessionsWorld.SecondClientId}:auszubildender");
        var userId = await sessions.UserIdAsync(userName);
        using var browser = new BrowserSession();
        await browser.GetAsync(sessions.SampleBUrl, new(userName, TestWorld.Password));

        await World.WithDatabaseAsync(async (db, services) =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(userId))!);
            return true;
        });

        Assert.Equal("/anmelden", (await browser.GetAsync(new Uri(World.ProviderUrl, "konto"))).RequiredPage.RequestUri.AbsolutePath);
        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1), d => d.ClientId == SessionsWorld.SecondClientId);
        Assert.Equal(BackChannelLogoutReason.SessionEnded, delivery.Reason);
        Assert.NotNull(delivery.SessionId);
        Assert.NotNull(delivery.DeliveredAt);
        Assert.Equal("/anmelden", (await browser.GetAsync(sessions.SampleBUrl)).RequiredPage.RequestUri.AbsolutePath);
    }

    internal async Task<HtmlPage> LoginAsync(BrowserSession browser, string userName)
    {
        var page = (await browser.GetAsync(World.ProviderUrl, new(userName, TestWorld.Password))).RequiredPage;
        Assert.Equal((HttpStatusCode.OK, "/"), (page.Status, page.RequestUri.AbsolutePath));
        return page;
    }

    private BrowserSession CopyOf(BrowserSession browser)
    {
        var copy = new BrowserSession();
        var cookie = browser.Cookies.GetCookies(World.ProviderUrl)[SessionCookie] ?? throw new InvalidOperationException("No session cookie.");
        copy.Cookies.Add(World.ProviderUrl, new Cookie(cookie.Name, cookie.Value, "/"));
        return copy;
    }

    private Task<string?> EndReasonAsync(string userName) =>
        World.QueryAsync(db => db.AuthenticationSessions.Where(s => s.UserId == db.Users.Single(u => u.UserName == userName).Id)
            .Select(s => s.EndReason).SingleAsync());
}

[Collection(SqliteSessionsCollection.Name)]
public sealed class SqliteServerSessionTests(SqliteSessionsWorld sessions) : ServerSessionTests(sessions);

[Collection(PostgreSqlSessionsCollection.Name)]
public sealed class PostgreSqlServerSessionTests(PostgreSqlSessionsWorld sessions) : ServerSessionTests(sessions);
