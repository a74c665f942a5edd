using MeineIhk.IdentityProvider.Domain;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.Tests.Features.Profile.Devices;

/// <summary>"Angemeldete Geräte" over real HTTP: the list, ending another session, and the new-device notice (ASVS 5.0 V7.5.2, V6.3.5).</summary>
public abstract class DevicesTests(SessionsWorld sessions)
{
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private const string Safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    private TestWorld World => sessions.World;

    private Uri DevicesUrl => new(World.ProviderUrl, "konto/geraete");

    [Fact]
    public async Task The_list_shows_every_session_and_ending_another_one_logs_it_out_and_tells_its_applications()
    {
        var userName = await sessions.MemberWithRolesAsync($"{SessionsWorld.SecondClientId}:auszubildender");
        var userId = await sessions.UserIdAsync(userName);
        using var desk = Browser(Firefox);
        using var phone = Browser(Safari);
        await desk.GetAsync(World.ProviderUrl, new(userName, TestWorld.Password));
        await phone.GetAsync(sessions.SampleBUrl, new(userName, TestWorld.Password)); // the phone uses application B

        var list = (await desk.GetAsync(DevicesUrl)).RequiredPage;
        var devices = list.Document.QuerySelectorAll("#devices li.device");
        Assert.Equal(2, devices.Length);
        var current = Assert.Single(devices, d => d.GetAttribute("data-current") == "true");
        Assert.Contains("Firefox 128 unter Windows", current.TextContent, StringComparison.Ordinal);
        var other = Assert.Single(devices, d => d.GetAttribute("data-current") == "false");
        Assert.Contains("Safari 17 unter iOS", other.TextContent, StringComparison.Ordinal);
        Assert.Contains(SessionsWorld.SecondClientId, other.TextContent, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", other.TextContent, StringComparison.Ordinal);

        var end = list.Form($"li.device[data-session='{other.GetAttribute("data-session")}'] form");
        var after = (await desk.FollowAsync(await desk.SubmitAsync(end))).RequiredPage;

        Assert.Single(after.Document.QuerySelectorAll("#devices li.device"));
        Assert.Equal("/anmelden", (await phone.GetAsync(new Uri(World.ProviderUrl, "konto"))).RequiredPage.RequestUri.AbsolutePath);
        var delivery = Assert.Single(await sessions.SettledDeliveriesAsync(userId, 1));
        Assert.Equal((SessionsWorld.SecondClientId, other.GetAttribute("data-session")), (delivery.ClientId, delivery.SessionId));
        Assert.NotNull(delivery.DeliveredAt);
        var atB = (await phone.GetAsync(sessions.SampleBUrl)).RequiredPage; // B ended its own session on the notice
        Assert.Equal((World.ProviderUrl.Authority, "/anmelden"), (atB.RequestUri.Authority, atB.RequestUri.AbsolutePath));
    }

    [Fact]
    public async Task Everywhere_else_ends_every_other_session_and_keeps_this_one()
    {
        var userName = await World.CreateUserAsync("elsewhere");
        using var desk = Browser(Firefox);
        using var phone = Browser(Safari);
        using var laptop = Browser(Firefox);
        foreach (var browser in new[] { desk, phone, laptop })
        {
            await browser.GetAsync(World.ProviderUrl, new(userName, TestWorld.Password));
        }

        var list = (await desk.GetAsync(DevicesUrl)).RequiredPage;
        await desk.FollowAsync(await desk.SubmitAsync(list.Form("#end-others-form")));

        Assert.Equal("/konto/geraete", (await desk.GetAsync(DevicesUrl)).RequiredPage.RequestUri.AbsolutePath);
        Assert.Equal("/anmelden", (await phone.GetAsync(DevicesUrl)).RequiredPage.RequestUri.AbsolutePath);
        Assert.Equal("/anmelden", (await laptop.GetAsync(DevicesUrl)).RequiredPage.RequestUri.AbsolutePath);
    }

    [Fact]
    public async Task A_login_from_a_new_browser_mails_a_notice_unless_switched_off()
    {
        var userName = await World.CreateUserAsync("newdevice");
        var address = $"{userName}@example.org";
        using var first = Browser(Firefox);
        await first.GetAsync(World.ProviderUrl, new(userName, TestWorld.Password));
        Assert.Equal(0, await NoticesAsync(address)); // the first browser of an account is no news

        // The same browser again: known by its device cookie.
        await first.FollowAsync(await first.SubmitAsync((await first.GetAsync(World.ProviderUrl)).RequiredPage.Form("form[action='/abmelden']")));
        await first.GetAsync(World.ProviderUrl, new(userName, TestWorld.Password));
        Assert.Equal(0, await NoticesAsync(address));

        using var second = Browser(Safari);
        await second.GetAsync(World.ProviderUrl, new(userName, TestWorld.Password));
        Assert.Equal(1, await NoticesAsync(address));

        var list = (await first.GetAsync(DevicesUrl)).RequiredPage;
        await first.FollowAsync(await first.SubmitAsync(list.Form("#notices-form")));
        using var third = Browser(Firefox);
        await third.GetAsync(World.ProviderUrl, new(userName, TestWorld.Password));
        Assert.Equal(1, await NoticesAsync(address));
        Assert.Equal(3, await World.QueryAsync(db => db.KnownDevices.CountAsync(d => db.Users.Any(u => u.Id == d.UserId && u.UserName == userName))));
    }

    private static BrowserSession Browser(string userAgent)
    {
        var browser = new BrowserSession();
        browser.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return browser;
    }

    private Task<int> NoticesAsync(string address) =>
        World.QueryAsync(db => db.OutboxMails.CountAsync(m => m.Purpose == "NewDevice" && m.Recipient == address));
}

[Collection(SqliteSessionsCollection.Name)]
public sealed class SqliteDevicesTests(SqliteSessionsWorld sessions) : DevicesTests(sessions);

[Collection(PostgreSqlSessionsCollection.Name)]
public sealed class PostgreSqlDevicesTests(PostgreSqlSessionsWorld sessions) : DevicesTests(sessions);
