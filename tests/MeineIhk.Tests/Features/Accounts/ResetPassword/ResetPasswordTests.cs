using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Accounts.ResetPassword;

/// <summary>Issue 15 (a reset sends a notice and ends everything) and issue 18 item 8 (the rules of the new password).</summary>
public abstract class ResetPasswordTests(TestWorld world)
{
    private const string NewPassword = "Neues-Passwort-2026?";

    [Fact]
    public async Task A_reset_tells_every_confirmed_address_changes_the_security_stamp_and_ends_refresh_tokens_ASVS_6_3_7()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "auszubildender");
        var email = userName + "@example.org";
        var further = "weitere-" + email;
        await world.WithDatabaseAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            db.AdditionalEmails.Add(new() { UserId = user.Id, Address = further, NormalizedAddress = further.ToUpperInvariant(), ConfirmedAt = world.Now, CreatedAt = world.Now });
            await db.SaveChangesAsync();
        });
        using var client = new OidcTestClient(world);
        var before = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid offline_access");
        var stamp = await StampOfAsync(userName);

        using var browser = new BrowserSession(world.ProviderUrl);
        var done = await ResetAsync(browser, email, NewPassword, NewPassword);
        Assert.Contains("Ihr neues Passwort ist gespeichert", done.Html, StringComparison.Ordinal);

        Assert.Contains(await world.Smtp.WaitForAsync(email, 2), m => m.Subject == "Ihr Passwort wurde zurückgesetzt");
        Assert.Contains(await world.Smtp.WaitForAsync(further, 2), m => m.Subject == "Ihr Passwort wurde zurückgesetzt");
        Assert.NotEqual(stamp, await StampOfAsync(userName));
        Assert.Equal("invalid_grant", (await client.RefreshAsync(before.RefreshToken!)).Error);
    }

    [Fact]
    public async Task The_old_password_is_refused_as_the_new_one_issue_18_item_8()
    {
        var userName = await world.CreateUserAsync();
        using var browser = new BrowserSession(world.ProviderUrl);

        var refused = await ResetAsync(browser, userName + "@example.org", TestWorld.Password, TestWorld.Password);
        Assert.Contains("Das neue Passwort muss sich vom bisherigen unterscheiden.", refused.Html, StringComparison.Ordinal);
        await new OidcTestClient(world).LoginAndRedeemAsync(userName, TestWorld.Password, "openid");
    }

    [Fact]
    public async Task A_mismatched_repetition_still_shows_what_the_rules_say_about_the_password_issue_18_item_8()
    {
        var userName = await world.CreateUserAsync();
        using var browser = new BrowserSession(world.ProviderUrl);

        var refused = await ResetAsync(browser, userName + "@example.org", "kurz", "anders");
        Assert.Contains("Das Passwort muss mindestens 8 Zeichen lang sein.", refused.Html, StringComparison.Ordinal);
        Assert.Contains("stimmen nicht überein", refused.Html, StringComparison.Ordinal);
    }

    private async Task<HtmlPage> ResetAsync(BrowserSession browser, string email, string password, string repeat)
    {
        var form = await HtmlPage.ReadAsync(await browser.Http.GetAsync("passwort-vergessen"));
        await browser.SubmitAsync(form.Form("form[method=post]", new Dictionary<string, string> { ["NameOrEmail"] = email }));
        var mail = (await world.Smtp.WaitForAsync(email)).First(m => m.Subject == "Neues Passwort für meine ihk");
        var page = await HtmlPage.ReadAsync(await browser.Http.GetAsync(TestDataBuilder.Link(mail.TextBody, "passwort-zuruecksetzen")));
        return await HtmlPage.ReadAsync(await browser.SubmitAsync(page.Form("form[method=post]",
            new Dictionary<string, string> { ["NewPassword"] = password, ["NewPasswordRepeat"] = repeat })));
    }

    private Task<string?> StampOfAsync(string userName) =>
        world.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.SecurityStamp).SingleAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class ResetPasswordTestsOnSqlite(SqliteWorld world) : ResetPasswordTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ResetPasswordTestsOnPostgreSql(PostgreSqlWorld world) : ResetPasswordTests(world);
