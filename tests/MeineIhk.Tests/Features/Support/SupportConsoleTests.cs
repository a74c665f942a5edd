using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pages = MeineIhk.Tests.Features.Applications.ApplicationPages;

namespace MeineIhk.Tests.Features.Support;

/// <summary>
/// The support console (/plattform/nutzer) and the chamber staff administration (/plattform/kammerpersonal) over HTTP
/// with the real forms: only platform administrators get in (everybody else 404, ASVS 5.0 8.2.1), every action is
/// audit-logged and mailed to the person.
/// </summary>
public abstract class SupportConsoleTests(TestWorld world)
{
    [Fact]
    public async Task Only_platform_administrators_reach_the_support_pages_and_actions_everybody_else_gets_404()
    {
        var target = await world.CreateUserAsync("ziel");
        var targetId = await world.UserIdAsync(target);
        await LockAsync(target, DateTimeOffset.MaxValue);
        using var admin = await world.LoggedInAsync(await Pages.CreatePersonAsync(world, PlatformRoles.Administrator));
        var token = (await admin.PageAsync("/plattform/nutzer/" + targetId)).Document.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]");
        Assert.NotNull(token);

        foreach (var role in new string?[] { null, PlatformRoles.Developer })
        {
            using var other = await world.LoggedInAsync(await Pages.CreatePersonAsync(world, role));
            foreach (var path in new[] { "/plattform/nutzer", "/plattform/nutzer?suche=ziel", "/plattform/nutzer/" + targetId, "/plattform/kammerpersonal" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(path)).StatusCode);
            }

            // Their own valid antiforgery token, posted to every handler.
            var own = (await other.PageAsync("/konto/passwort")).Document.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
            foreach (var handler in new[] { "Unlock", "EndSessions", "ResendConfirmation" })
            {
                using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = own });
                Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsync($"/plattform/nutzer/{targetId}?handler={handler}", content)).StatusCode);
            }

            using var grant = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = own, ["NameOrEmail"] = target, ["kammer"] = "1" });
            Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsync("/plattform/kammerpersonal?handler=Grant", grant)).StatusCode);
        }

        Assert.NotNull(await world.QueryAsync(db => db.Users.Where(u => u.Id == targetId).Select(u => u.LockoutEnd).SingleAsync()));
        Assert.False(await world.QueryAsync(db => db.ChamberStaff.AnyAsync(s => s.UserId == targetId)));
        using var anonymous = new BrowserSession(world.ProviderUrl);
        var response = await anonymous.Http.GetAsync("/plattform/nutzer");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Support_finds_a_person_by_name_address_or_user_name_and_sees_why_the_login_fails()
    {
        var target = await world.CreateUserAsync("gesucht");
        await LockAsync(target, world.Clock.GetUtcNow().AddMinutes(10));
        using var admin = await world.LoggedInAsync(await Pages.CreatePersonAsync(world, PlatformRoles.Administrator));

        foreach (var search in new[] { target, target.ToUpperInvariant() + "@EXAMPLE.ORG", "Test " + target[3..] })
        {
            var found = await admin.PageAsync("/plattform/nutzer?suche=" + Uri.EscapeDataString(search));
            Assert.Contains(target, found.Document.QuerySelector("#results")!.TextContent, StringComparison.Ordinal);
        }

        var none = await admin.PageAsync("/plattform/nutzer?suche=niemand-" + Guid.NewGuid().ToString("N"));
        Assert.Null(none.Document.QuerySelector("#results"));
        Assert.Contains("Niemand gefunden", none.Html, StringComparison.Ordinal);

        var details = await admin.PageAsync("/plattform/nutzer/" + await world.UserIdAsync(target));
        Assert.Contains("gesperrt nach zu vielen Fehlversuchen", details.Document.QuerySelector("#lock-status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Nein", details.Document.QuerySelector("#second-factor")!.TextContent.Trim());
        Assert.Contains("bestätigt", details.Document.QuerySelector("#email")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(details.Document.QuerySelector("#unlock-form"));
        Assert.Null(details.Document.QuerySelector("#resend-form"));
        Assert.True((await admin.Http.GetAsync("/plattform/nutzer/" + await world.UserIdAsync(target))).Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Unlocking_lets_the_person_log_in_again_is_audit_logged_and_mailed_to_them()
    {
        var target = await world.CreateUserAsync("gesperrt");
        var targetId = await world.UserIdAsync(target);
        await LockAsync(target, DateTimeOffset.MaxValue);
        var adminName = await Pages.CreatePersonAsync(world, PlatformRoles.Administrator);
        using var admin = await world.LoggedInAsync(adminName);

        var details = await admin.PageAsync("/plattform/nutzer/" + targetId);
        Assert.Contains("von der Person selbst", details.Document.QuerySelector("#lock-status")!.TextContent, StringComparison.Ordinal);
        var done = await Pages.SubmitAsync(admin, details, "#unlock-form");

        Assert.Contains("entsperrt", done.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("nicht gesperrt", done.Document.QuerySelector("#lock-status")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await world.QueryAsync(db => db.Users.Where(u => u.Id == targetId).Select(u => u.LockoutEnd).SingleAsync()));
        var audit = await world.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.SubjectUserId == targetId && a.Action == AuditAction.SupportUnlocked));
        Assert.Equal(adminName, await world.QueryAsync(db => db.Users.Where(u => u.Id == audit.ActorUserId).Select(u => u.UserName).SingleAsync()));
        Assert.True(await world.QueryAsync(db => db.OutboxMails.AnyAsync(m => m.Recipient == target + "@example.org" && m.Purpose == "SupportUnlocked")));
        using var person = await world.LoggedInAsync(target);
    }

    [Fact]
    public async Task Ending_sessions_changes_the_stamp_revokes_tokens_and_is_audit_logged_and_mailed()
    {
        var target = await world.CreateUserAsync("sitzung");
        var targetId = await world.UserIdAsync(target);
        var stamp = await world.QueryAsync(db => db.Users.Where(u => u.Id == targetId).Select(u => u.SecurityStamp).SingleAsync());
        using var admin = await world.LoggedInAsync(await Pages.CreatePersonAsync(world, PlatformRoles.Administrator));

        var details = await admin.PageAsync("/plattform/nutzer/" + targetId);
        var done = await Pages.SubmitAsync(admin, details, "#end-sessions-form");

        Assert.Contains("Sitzungen", done.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.NotEqual(stamp, await world.QueryAsync(db => db.Users.Where(u => u.Id == targetId).Select(u => u.SecurityStamp).SingleAsync()));
        Assert.True(await world.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.SubjectUserId == targetId && a.Action == AuditAction.SupportSessionsEnded)));
        Assert.True(await world.QueryAsync(db => db.OutboxMails.AnyAsync(m => m.Recipient == target + "@example.org" && m.Purpose == "SupportSessionsEnded")));
    }

    [Fact]
    public async Task Support_resends_the_confirmation_of_an_unconfirmed_address()
    {
        var target = await world.CreateUserAsync("unbestaetigt");
        var targetId = await world.UserIdAsync(target);
        await world.WithDatabaseAsync(db => db.Users.Where(u => u.Id == targetId).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, false)));
        using var admin = await world.LoggedInAsync(await Pages.CreatePersonAsync(world, PlatformRoles.Administrator));

        var details = await admin.PageAsync("/plattform/nutzer/" + targetId);
        Assert.Contains("nicht bestätigt", details.Document.QuerySelector("#email")!.TextContent, StringComparison.Ordinal);
        await Pages.SubmitAsync(admin, details, "#resend-form");

        Assert.True(await world.QueryAsync(db => db.OutboxMails.AnyAsync(m => m.Recipient == target + "@example.org" && m.Purpose == "ConfirmEmail")));
        Assert.True(await world.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.SubjectUserId == targetId && a.Action == AuditAction.SupportConfirmationResent)));
    }

    [Fact]
    public async Task Platform_administrators_grant_and_revoke_chamber_staff_who_then_see_their_colleagues()
    {
        var staffName = await world.CreateUserAsync("kammer");
        var staffId = await world.UserIdAsync(staffName);
        var chamber = await world.QueryAsync(db => db.Chambers.OrderBy(c => c.Id).FirstAsync());
        using var admin = await world.LoggedInAsync(await Pages.CreatePersonAsync(world, PlatformRoles.Administrator));
        using var staff = await world.LoggedInAsync(staffName);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.Http.GetAsync("/kammer/kollegen")).StatusCode);

        var form = await admin.PageAsync("/plattform/kammerpersonal");
        var refused = await Pages.SubmitAsync(admin, form, "#grant-form", new Dictionary<string, string> { ["kammer"] = "", ["NameOrEmail"] = "niemand-" + Guid.NewGuid().ToString("N") });
        Assert.Contains("Bitte wählen Sie eine Kammer.", refused.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("kein Konto", refused.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        var granted = await Pages.SubmitAsync(admin, form, "#grant-form", new Dictionary<string, string> { ["kammer"] = chamber.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["NameOrEmail"] = staffName + "@example.org" });
        Assert.Contains(staffName, granted.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(staffName, granted.Document.QuerySelector("#staff")!.TextContent, StringComparison.Ordinal);
        Assert.True(await world.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.SubjectUserId == staffId && a.Action == AuditAction.ChamberStaffGranted && a.ChamberId == chamber.Id)));

        var colleagues = await staff.PageAsync("/kammer/kollegen");
        Assert.Contains("Test " + staffName, colleagues.Document.QuerySelector("#colleagues")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("/kammer/kollegen", (await staff.PageAsync("/kammer")).Html, StringComparison.Ordinal);

        var list = await admin.PageAsync("/plattform/kammerpersonal?kammer=" + chamber.Id);
        var revokeForm = list.Document.QuerySelectorAll<IHtmlFormElement>(".revoke-form")
            .Single(f => f.QuerySelector<IHtmlInputElement>("input[name=userId]")!.Value == staffId);
        revokeForm.Id = "revoke-this";
        var revoked = await Pages.SubmitAsync(admin, list, "#revoke-this");
        Assert.Contains("kein IHK-Mitarbeiter mehr", revoked.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.Http.GetAsync("/kammer/kollegen")).StatusCode);
        Assert.True(await world.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.SubjectUserId == staffId && a.Action == AuditAction.ChamberStaffRevoked)));
    }

    private Task<bool> LockAsync(string userName, DateTimeOffset until) =>
        world.WithDatabaseAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByNameAsync(userName))!;
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, until);
            return true;
        });
}

[Collection(SqliteCollection.Name)]
public sealed class SupportConsoleTestsOnSqlite(SqliteWorld world) : SupportConsoleTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class SupportConsoleTestsOnPostgreSql(PostgreSqlWorld world) : SupportConsoleTests(world);
