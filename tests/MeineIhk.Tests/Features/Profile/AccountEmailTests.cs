using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Profile;

/// <summary>
/// Issue 15 and 18: the main address changes only with the current password and can be taken back from the old
/// address for seven days; further addresses are added, confirmed, made the main one and removed, at most three in all;
/// an address of another account is never revealed (ASVS 5.0 6.4.3 / 6.3.8).
/// </summary>
public abstract class AccountEmailTests(TestWorld world)
{
    private const string Organisation = "Spiel- und Spaß GmbH";

    private const string NewPassword = "Ganz-Neues-Passwort-2026?";

    [Fact]
    public async Task Changing_the_email_needs_the_current_password_and_a_wrong_one_counts_towards_lockout_ASVS_6_3_1()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId);
        var newAddress = "neu-" + userName + "@example.org";
        using var browser = await world.LoggedInAsync(userName);

        var refused = await HtmlPage.ReadAsync(await ChangeEmailAsync(browser, newAddress, "Falsch-1234!"));
        Assert.Contains("Das aktuelle Passwort ist nicht richtig.", refused.Html, StringComparison.Ordinal);
        Assert.Equal(1, await world.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.AccessFailedCount).SingleAsync()));

        var missing = await HtmlPage.ReadAsync(await ChangeEmailAsync(browser, newAddress, ""));
        Assert.Contains("Aktuelles Passwort", TestDataBuilder.Status(missing) + missing.Html, StringComparison.Ordinal);
        Assert.Empty(world.Smtp.To(newAddress));
        Assert.Equal(userName + "@example.org", await EmailOfAsync(userName));
    }

    [Fact]
    public async Task The_old_address_can_cancel_a_change_for_seven_days_which_restores_it_and_ends_sessions_and_tokens()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId, "auszubildender");
        var oldAddress = userName + "@example.org";
        var newAddress = "neu-" + oldAddress;
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid offline_access");
        using var browser = await world.LoggedInAsync(userName);

        Assert.True(HtmlPage.IsRedirect(await ChangeEmailAsync(browser, newAddress, TestWorld.Password)));
        var confirm = await HtmlPage.ReadAsync(await browser.Http.GetAsync(TestDataBuilder.Link((await world.Smtp.WaitForAsync(newAddress)).Single().TextBody, "email-aenderung-bestaetigen")));
        await browser.SubmitAsync(confirm.Form("#inhalt form[method=post]"));
        Assert.Equal(newAddress, await EmailOfAsync(userName));

        // Three mails to the old address: the new-device notice of the second browser, the change request, the change.
        var changed = (await world.Smtp.WaitForAsync(oldAddress, 3)).Single(m => m.Subject == "Ihre E-Mail-Adresse wurde geändert");
        Assert.DoesNotContain("Guten Tag Test", (await world.Smtp.WaitForAsync(newAddress)).Single().TextBody, StringComparison.Ordinal);
        var cancelLink = TestDataBuilder.Link(changed.TextBody, "email-aenderung-widerrufen");
        var stampBefore = await StampOfAsync(userName);

        world.Clock.Offset = TimeSpan.FromDays(6);
        try
        {
            using var stranger = new BrowserSession(world.ProviderUrl);
            var page = await HtmlPage.ReadAsync(await stranger.Http.GetAsync(cancelLink));
            Assert.True((await stranger.Http.GetAsync(cancelLink)).Headers.CacheControl?.NoStore);
            var cancelled = await HtmlPage.ReadAsync(await stranger.SubmitAsync(page.Form("#inhalt form[method=post]")));
            Assert.Contains($"{oldAddress} ist wieder Ihre E-Mail-Adresse", cancelled.Html, StringComparison.Ordinal);
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }

        Assert.Equal(oldAddress, await EmailOfAsync(userName));
        Assert.NotEqual(stampBefore, await StampOfAsync(userName));
        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens.RefreshToken!)).Error);
        await world.Smtp.WaitForAsync(oldAddress, 4);
        Assert.Contains(world.Smtp.To(oldAddress), m => m.Subject == "Änderung Ihrer E-Mail-Adresse widerrufen");
    }

    [Fact]
    public async Task The_cancel_link_no_longer_works_after_seven_days()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId);
        var oldAddress = userName + "@example.org";
        var newAddress = "neu-" + oldAddress;
        using var browser = await world.LoggedInAsync(userName);
        await ChangeEmailAsync(browser, newAddress, TestWorld.Password);
        var confirm = await HtmlPage.ReadAsync(await browser.Http.GetAsync(TestDataBuilder.Link((await world.Smtp.WaitForAsync(newAddress)).Single().TextBody, "email-aenderung-bestaetigen")));
        await browser.SubmitAsync(confirm.Form("#inhalt form[method=post]"));
        var cancelLink = TestDataBuilder.Link((await world.Smtp.WaitForAsync(oldAddress, 2)).Single(m => m.Subject == "Ihre E-Mail-Adresse wurde geändert").TextBody, "email-aenderung-widerrufen");

        world.Clock.Offset = TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1);
        try
        {
            using var stranger = new BrowserSession(world.ProviderUrl);
            var page = await HtmlPage.ReadAsync(await stranger.Http.GetAsync(cancelLink));
            Assert.Contains("ungültig oder abgelaufen", page.Html, StringComparison.Ordinal);
            Assert.Null(page.Document.QuerySelector("#inhalt form[method=post]"));
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }

        Assert.Equal(newAddress, await EmailOfAsync(userName));
    }

    [Fact]
    public async Task Changing_to_an_address_of_another_account_looks_like_any_change_and_only_tells_that_address_issue_18_item_8()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId);
        var otherUser = await world.CreateUserAsync();
        var taken = otherUser + "@example.org";
        var free = "frei-" + userName + "@example.org";
        using var browser = await world.LoggedInAsync(userName);

        var toTaken = (await browser.FollowAsync(await ChangeEmailAsync(browser, taken, TestWorld.Password))).RequiredPage;
        var toFree = (await browser.FollowAsync(await ChangeEmailAsync(browser, free, TestWorld.Password))).RequiredPage;

        Assert.Equal(TestDataBuilder.Status(toFree).Replace(free, "X", StringComparison.Ordinal), TestDataBuilder.Status(toTaken).Replace(taken, "X", StringComparison.Ordinal));
        Assert.DoesNotContain("anderen Konto", toTaken.Html, StringComparison.Ordinal);
        var notice = Assert.Single(await world.Smtp.WaitForAsync(taken));
        Assert.Equal("Ihre E-Mail-Adresse wurde bei meine ihk angegeben", notice.Subject);
        Assert.DoesNotContain("email-aenderung-bestaetigen", notice.TextBody, StringComparison.Ordinal);
        Assert.Equal(userName + "@example.org", await EmailOfAsync(userName));
    }

    [Fact]
    public async Task Further_addresses_are_added_with_a_link_confirmed_made_primary_and_removed_with_the_password_at_most_three_in_all()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId);
        var main = userName + "@example.org";
        var first = "erste-" + main;
        var second = "zweite-" + main;
        using var browser = await world.LoggedInAsync(userName);

        var wrong = await browser.AfterAsync(AddAsync(browser, first, "Falsch-1234!"));
        Assert.Contains("Das aktuelle Passwort ist nicht richtig.", wrong.Html, StringComparison.Ordinal);

        var added = await browser.AfterAsync(AddAsync(browser, first, TestWorld.Password));
        Assert.Contains($"Wir haben einen Bestätigungslink an {first} gesendet", added.Html, StringComparison.Ordinal);
        var confirmation = Assert.Single(await world.Smtp.WaitForAsync(first));
        Assert.DoesNotContain("Test " + userName, confirmation.TextBody, StringComparison.Ordinal);
        Assert.Contains(await world.Smtp.WaitForAsync(main), m => m.Subject == "Weitere E-Mail-Adresse hinzugefügt");
        var confirm = await HtmlPage.ReadAsync(await browser.Http.GetAsync(TestDataBuilder.Link(confirmation.TextBody, "email-bestaetigen")));
        await browser.SubmitAsync(confirm.Form("#inhalt form[method=post]"));
        Assert.NotNull(await world.QueryAsync(db => db.AdditionalEmails.Where(e => e.Address == first).Select(e => e.ConfirmedAt).SingleAsync()));

        await browser.AfterAsync(AddAsync(browser, second, TestWorld.Password));
        var full = await browser.PageAsync("konto");
        Assert.Null(full.Document.QuerySelector("form[action*='handler=AddAddress']"));
        var third = await browser.AfterAsync(browser.SubmitAsync((HttpMethod.Post, new Uri(world.ProviderUrl, "konto?handler=AddAddress"),
            [.. full.Form("form[action*='handler=Data']").Fields.Where(f => f.Key == "__RequestVerificationToken"),
             KeyValuePair.Create("Further.Email", "dritte-" + main), KeyValuePair.Create("Further.CurrentPassword", TestWorld.Password)])));
        Assert.Contains("Sie haben bereits 3 E-Mail-Adressen", third.Html, StringComparison.Ordinal);

        var firstId = await world.QueryAsync(db => db.AdditionalEmails.Where(e => e.Address == first).Select(e => e.Id).SingleAsync());
        var page = await browser.PageAsync("konto");
        var row = page.Form($"form[action*='{firstId}']", new Dictionary<string, string> { ["PasswordCheck.CurrentPassword"] = TestWorld.Password });
        var primary = await browser.AfterAsync(browser.SubmitAsync((row.Method, new Uri(row.Action.AbsoluteUri.Replace("RemoveAddress", "MakePrimary", StringComparison.Ordinal)), row.Fields)));
        Assert.Contains($"{first} ist jetzt Ihre Haupt-Mailadresse", primary.Html, StringComparison.Ordinal);
        Assert.Equal(first, await EmailOfAsync(userName));
        Assert.True(await world.QueryAsync(db => db.AdditionalEmails.AnyAsync(e => e.Address == main && e.ConfirmedAt != null)));

        var secondId = await world.QueryAsync(db => db.AdditionalEmails.Where(e => e.Address == second).Select(e => e.Id).SingleAsync());
        page = await browser.PageAsync("konto");
        var refused = await HtmlPage.ReadAsync(await browser.SubmitAsync(page.Form($"form[action*='{secondId}']", new Dictionary<string, string> { ["PasswordCheck.CurrentPassword"] = "Falsch-1234!" })));
        Assert.Contains("Das aktuelle Passwort ist nicht richtig.", refused.Html, StringComparison.Ordinal);
        var removed = await browser.AfterAsync(browser.SubmitAsync(page.Form($"form[action*='{secondId}']", new Dictionary<string, string> { ["PasswordCheck.CurrentPassword"] = TestWorld.Password })));
        Assert.Contains($"{second} ist entfernt.", removed.Html, StringComparison.Ordinal);
        Assert.False(await world.QueryAsync(db => db.AdditionalEmails.AnyAsync(e => e.Address == second)));
    }

    [Fact]
    public async Task A_further_address_of_another_account_is_never_confirmed_and_not_revealed()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId);
        var taken = await world.CreateUserAsync() + "@example.org";
        using var browser = await world.LoggedInAsync(userName);

        var added = await browser.AfterAsync(AddAsync(browser, taken, TestWorld.Password));
        Assert.Contains($"Wir haben einen Bestätigungslink an {taken} gesendet", added.Html, StringComparison.Ordinal);
        var notice = Assert.Single(await world.Smtp.WaitForAsync(taken));
        Assert.DoesNotContain("email-bestaetigen", notice.TextBody, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> ChangeEmailAsync(BrowserSession browser, string address, string password)
    {
        var page = await browser.PageAsync("konto");
        return await browser.SubmitAsync(page.Form("form[action*='handler=Email']", new Dictionary<string, string>
        {
            ["NewEmail.Email"] = address, ["NewEmail.EmailRepeat"] = address, ["NewEmail.CurrentPassword"] = password,
        }));
    }

    private static async Task<HttpResponseMessage> AddAsync(BrowserSession browser, string address, string password)
    {
        var page = await browser.PageAsync("konto");
        return await browser.SubmitAsync(page.Form("form[action*='handler=AddAddress']", new Dictionary<string, string>
        {
            ["Further.Email"] = address, ["Further.CurrentPassword"] = password,
        }));
    }

    private Task<string?> EmailOfAsync(string userName) =>
        world.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Email).SingleAsync());

    private Task<string?> StampOfAsync(string userName) =>
        world.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.SecurityStamp).SingleAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class AccountEmailTestsOnSqlite(SqliteWorld world) : AccountEmailTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class AccountEmailTestsOnPostgreSql(PostgreSqlWorld world) : AccountEmailTests(world);
