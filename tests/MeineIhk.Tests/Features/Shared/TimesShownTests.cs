using System.Globalization;
using System.Text.RegularExpressions;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.Tests.Features.Shared;

/// <summary>
/// Issue 18, point 1: every page with dated content shows German local time in one format ("03.12.2026, 08:30 Uhr"):
/// no "UTC", no ISO date, in the text a person reads.
/// </summary>
public abstract partial class TimesShownTests(TestWorld world)
{
    [Fact]
    public async Task Pages_with_requests_invitations_notifications_and_the_log_show_German_time_and_never_UTC_or_ISO()
    {
        var organisation = await world.CreateOrganisationAsync();
        var applicant = await world.CreateUserAsync();
        using (var browser = await world.LoggedInAsync(applicant))
        {
            var form = await browser.PageAsync("organisationen/beitreten");
            await browser.AfterAsync(browser.PostAsync(form, "#join-form", TestDataBuilder.JoinValues(organisation),
                [KeyValuePair.Create("RoleIds", (await world.RoleIdAsync("auszubildender")).ToString())]));
        }

        using var admin = await world.LoggedInAsync(organisation.AdminUserName);
        var invite = await admin.PageAsync($"organisationen/{organisation.Id}/einladungen/neu");
        await admin.AfterAsync(admin.PostAsync(invite, "#einladung", new Dictionary<string, string>
        {
            ["Input.Email"] = "zeit-" + Guid.NewGuid().ToString("N")[..8] + "@example.org",
            ["Input.Roles"] = (await world.RoleIdAsync("auszubildender")).ToString(),
        }));
        var request = (await world.RequestOfAsync(organisation.Id, applicant))!;

        foreach (var path in new[]
        {
            "", "benachrichtigungen", $"organisationen/{organisation.Id}", $"organisationen/{organisation.Id}/anfragen",
            $"organisationen/{organisation.Id}/anfragen/{request.Id}", $"organisationen/{organisation.Id}/protokoll",
        })
        {
            var page = await admin.PageAsync(path);
            var text = page.Document.Body!.TextContent;
            Assert.DoesNotContain("UTC", text, StringComparison.Ordinal);
            Assert.DoesNotMatch(IsoDate(), text);
            Assert.Matches(GermanTime(), text);
        }

        var details = await admin.PageAsync($"organisationen/{organisation.Id}/anfragen/{request.Id}");
        var created = await world.QueryAsync(db => db.MembershipRequests.Where(r => r.Id == request.Id).Select(r => r.CreatedAt).SingleAsync());
        var berlin = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(created, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Contains("vom " + berlin.ToString("dd.MM.yyyy, HH:mm", CultureInfo.InvariantCulture) + " Uhr", details.Document.Body!.TextContent, StringComparison.Ordinal);

        using var applicantAgain = await world.LoggedInAsync(applicant);
        var mine = await applicantAgain.PageAsync("organisationen");
        Assert.DoesNotMatch(IsoDate(), mine.Document.Body!.TextContent);
        Assert.Matches(GermanTime(), mine.Document.Body!.TextContent);
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr")]
    private static partial Regex GermanTime();
}

[Collection(SqliteCollection.Name)]
public sealed class TimesShownTestsOnSqlite(SqliteWorld world) : TimesShownTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class TimesShownTestsOnPostgreSql(PostgreSqlWorld world) : TimesShownTests(world);
