using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Organisations.Join;
using MeineIhk.Tests.Features.Organisations.MembershipRequests;
using MeineIhk.Tests.Features.Organisations.Mine;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Notifications;

/// <summary>The bell in the header and the notifications page.</summary>
public abstract class NotificationTests(TestWorld world)
{
    [Fact]
    public async Task The_bell_counts_unread_events_the_page_lists_them_newest_first_and_marking_read_clears_the_count()
    {
        var organisation = await world.CreateOrganisationAsync();
        var first = await world.CreateUserAsync("erster");
        var second = await world.CreateUserAsync("zweiter");
        foreach (var userName in new[] { first, second })
        {
            using var browser = await world.LoggedInAsync(userName);
            await browser.AfterAsync(browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", TestDataBuilder.JoinValues(organisation)));
            world.Clock.Offset += TimeSpan.FromSeconds(1); // two events, two distinct times
        }

        world.Clock.Offset = TimeSpan.Zero;
        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var dashboard = await admin.PageAsync("/");
        var bell = dashboard.Document.QuerySelector("header a#benachrichtigungen")!;
        Assert.Equal("/benachrichtigungen", bell.GetAttribute("href"));
        Assert.Equal("Benachrichtigungen (2 ungelesen)", AccessibleName(bell));
        Assert.Equal("2", bell.QuerySelector(".bell-badge")!.TextContent);

        var list = await admin.PageAsync("benachrichtigungen");
        var items = list.Document.QuerySelectorAll(".notifications li").ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Contains("unread", i.ClassName, StringComparison.Ordinal));
        Assert.Contains($"Neue Beitrittsanfrage an {organisation.Firmierung} von Test {second}.", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains($"von Test {first}.", items[1].TextContent, StringComparison.Ordinal);

        var english = await admin.PageAsync("benachrichtigungen?culture=en");
        Assert.Contains($"New request to join {organisation.Firmierung} from Test {second}.", english.Html, StringComparison.Ordinal);

        // Opening one marks it read and leads to the request.
        var opened = await admin.AfterAsync(admin.PostAsync(list, ".notifications li:first-child .open-form"));
        Assert.Matches($"^/organisationen/{organisation.Id}/anfragen/[0-9a-f-]+$", opened.RequestUri.AbsolutePath);
        Assert.Contains(second, opened.Html, StringComparison.Ordinal);
        Assert.Equal("Benachrichtigungen (1 ungelesen)", AccessibleName(opened.Document.QuerySelector("header a#benachrichtigungen")!));

        var read = await admin.AfterAsync(admin.PostAsync(await admin.PageAsync("benachrichtigungen"), "#read-all-form"));
        Assert.Equal("Benachrichtigungen", AccessibleName(read.Document.QuerySelector("header a#benachrichtigungen")!));
        Assert.Null(read.Document.QuerySelector("header .bell-badge"));
        Assert.All(read.Document.QuerySelectorAll(".notifications li"), i => Assert.Contains("read", i.ClassName, StringComparison.Ordinal));
        Assert.Null(read.Document.QuerySelector(".notifications li.unread"));
    }

    [Fact]
    public async Task Nobody_opens_another_users_notification_its_owner_does()
    {
        var organisation = await world.CreateOrganisationAsync();
        var userName = await world.CreateUserAsync();
        using (var browser = await world.LoggedInAsync(userName))
        {
            await browser.AfterAsync(browser.PostAsync(await browser.PageAsync("organisationen/beitreten"), "#join-form", TestDataBuilder.JoinValues(organisation)));
        }

        var notificationId = await world.WithDatabaseAsync(async (db, _) =>
            await db.Notifications.Where(n => n.OrganisationId == organisation.Id).Select(n => n.Id).SingleAsync());

        // The requester is not the administrator the notification is for.
        using var stranger = await world.LoggedInAsync(userName);
        var own = await stranger.PageAsync("organisationen/beitreten"); // any form gives the antiforgery token
        var form = own.Form("#join-form");
        var response = await stranger.SubmitAsync((HttpMethod.Post, new Uri(world.ProviderUrl, $"benachrichtigungen?handler=Open&id={notificationId}"), form.Fields));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await world.WithDatabaseAsync(async (db, _) => await db.Notifications.Where(n => n.Id == notificationId).Select(n => n.ReadAt).SingleAsync()));

        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var opened = await admin.SubmitAsync((HttpMethod.Post, new Uri(world.ProviderUrl, $"benachrichtigungen?handler=Open&id={notificationId}"),
            (await admin.PageAsync("benachrichtigungen")).Form(".open-form").Fields));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, opened.StatusCode);
        Assert.NotNull(await world.WithDatabaseAsync(async (db, _) => await db.Notifications.Where(n => n.Id == notificationId).Select(n => n.ReadAt).SingleAsync()));
    }

    /// <summary>The accessible name of a link as a screen reader computes it here: its text without aria-hidden parts.</summary>
    private static string AccessibleName(AngleSharp.Dom.IElement link)
    {
        var clone = (AngleSharp.Dom.IElement)link.Clone();
        foreach (var hidden in clone.QuerySelectorAll("[aria-hidden=true]").ToList())
        {
            hidden.Remove();
        }

        return string.Join(' ', clone.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NotificationTestsOnSqlite(SqliteWorld world) : NotificationTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class NotificationTestsOnPostgreSql(PostgreSqlWorld world) : NotificationTests(world);
