using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Accounts.Passwords;
using MeineIhk.Tests.Features.Accounts.Register;
using MeineIhk.Tests.Features.Profile;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Hosting;
using MeineIhk.Tests.Infrastructure.TestData;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Accounts.ForgotPassword;

/// <summary>"Passwort vergessen?", login by e-mail, and answers that never tell whether an account exists.</summary>
public abstract partial class PasswordRecoveryTests(TestWorld world)
{
    [Fact]
    public async Task A_reset_link_goes_to_every_confirmed_address_sets_a_new_password_once_and_ends_old_refresh_tokens()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "auszubildender");
        var email = userName + "@example.org";
        var further = "weitere-" + email;
        await world.WithDatabaseAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            db.AdditionalEmails.Add(new() { UserId = user.Id, Address = further, NormalizedAddress = further.ToUpperInvariant(), ConfirmedAt = DateTime.UtcNow, CreatedAt = world.Now });
            await db.SaveChangesAsync();
        });
        using var client = new OidcTestClient(world);
        var before = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid offline_access");

        using var browser = new BrowserSession(world.ProviderUrl);
        await RequestResetAsync(browser, email);
        var link = Link((await world.Smtp.WaitForAsync(email)).Single().TextBody);
        Assert.Equal(link, Link((await world.Smtp.WaitForAsync(further)).Single().TextBody));

        const string newPassword = "Neues-Passwort-2026?";
        var form = await HtmlPage.ReadAsync(await browser.Http.GetAsync(link));
        var values = new Dictionary<string, string> { ["NewPassword"] = newPassword, ["NewPasswordRepeat"] = newPassword };
        var done = await HtmlPage.ReadAsync(await browser.SubmitAsync(form.Form("form[method=post]", values)));
        Assert.Contains("Ihr neues Passwort ist gespeichert", done.Html, StringComparison.Ordinal);

        var again = await HtmlPage.ReadAsync(await browser.SubmitAsync(form.Form("form[method=post]", values)));
        Assert.Contains("wurde schon benutzt", again.Html, StringComparison.Ordinal);

        Assert.Equal("invalid_grant", (await client.RefreshAsync(before.RefreshToken!)).Error);
        using var fresh = new OidcTestClient(world);
        await fresh.LoginAndRedeemAsync(email, newPassword, "openid");
    }

    [Fact]
    public async Task Reset_requests_answer_alike_for_known_and_unknown_accounts()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId);
        using var browser = new BrowserSession(world.ProviderUrl);

        var known = await RequestResetAsync(browser, userName);
        var unknown = await RequestResetAsync(browser, "niemand-" + userName);

        Assert.Equal(known.Status, unknown.Status);
        Assert.Equal(known.Document.QuerySelector("main")!.TextContent, unknown.Document.QuerySelector("main")!.TextContent);
        await world.Smtp.WaitForAsync(userName + "@example.org");
    }

    [Fact]
    public async Task Login_failures_answer_alike_for_unknown_users_and_wrong_passwords()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId);
        using var client = new OidcTestClient(world);

        Assert.Equal(
            await client.FailedLoginMessageAsync(userName, "Falsches-Passwort-1!"),
            await client.FailedLoginMessageAsync("niemand" + userName, "Falsches-Passwort-1!"));
    }

    [Fact]
    public async Task A_confirmed_email_address_logs_in_like_the_username()
    {
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", TestWorld.SampleClientId, "auszubildender");
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync(userName + "@example.org", TestWorld.Password, "openid profile");
        Assert.Equal(userName, (await client.ValidateAsync(tokens.AccessToken!, null)).GetClaim("preferred_username").Value);
    }

    private static async Task<HtmlPage> RequestResetAsync(BrowserSession browser, string nameOrEmail)
    {
        var form = await HtmlPage.ReadAsync(await browser.Http.GetAsync("passwort-vergessen"));
        var page = await HtmlPage.ReadAsync(await browser.SubmitAsync(form.Form("form[method=post]", new Dictionary<string, string> { ["NameOrEmail"] = nameOrEmail })));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }

    private static string Link(string? text) => ResetLink().Match(text ?? string.Empty).Value;

    [GeneratedRegex(@"http://\S+/passwort-zuruecksetzen\S+")]
    private static partial Regex ResetLink();
}

[Collection(SqliteCollection.Name)]
public sealed class PasswordRecoveryTestsOnSqlite(SqliteWorld world) : PasswordRecoveryTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class PasswordRecoveryTestsOnPostgreSql(PostgreSqlWorld world) : PasswordRecoveryTests(world);
