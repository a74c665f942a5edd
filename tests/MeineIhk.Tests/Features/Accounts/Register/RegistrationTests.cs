using AngleSharp.Dom;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Accounts.ForgotPassword;
using MeineIhk.Tests.Features.Accounts.Passwords;
using MeineIhk.Tests.Features.Profile;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Hosting;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Accounts.Register;

/// <summary>Chapter 2 of the manual over real HTTP and real SMTP: register, confirm by mail, log in.</summary>
public abstract partial class RegistrationTests(TestWorld world)
{
    private const string StrongPassword = RegistrationForm.StrongPassword;

    [Fact]
    public async Task A_new_user_registers_in_two_steps_confirms_by_mail_and_logs_in()
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        using var browser = new BrowserSession(world.ProviderUrl);

        var stepTwo = await RegistrationForm.StepOneAsync(browser, RegistrationForm.Values(userName, email));
        Assert.Contains("6. Widerrufsrecht bei Einwilligung", stepTwo.Html, StringComparison.Ordinal);
        var done = await RegistrationForm.SubmitAsync(browser, stepTwo, accept: true);
        Assert.Equal("Registrierung abschließen", done.Document.QuerySelector("h1")!.TextContent);

        var stored = await world.WithDatabaseAsync(async (db, _) => await db.Users.SingleAsync(u => u.UserName == userName));
        Assert.False(stored.EmailConfirmed);
        Assert.Equal("v1", stored.PrivacyNoticeVersion);
        Assert.NotNull(stored.PrivacyNoticeAcceptedAt);

        // Not yet confirmed: the right password is answered with the hint to confirm first.
        using var client = new OidcTestClient(world);
        Assert.Contains("noch nicht bestätigt", await client.FailedLoginMessageAsync(userName, StrongPassword), StringComparison.Ordinal);

        var link = await ConfirmationLinkAsync(email);
        var confirmPage = await HtmlPage.ReadAsync(await browser.Http.GetAsync(link));
        Assert.False((await world.WithDatabaseAsync(async (db, _) => await db.Users.SingleAsync(u => u.UserName == userName))).EmailConfirmed);
        var confirmed = await HtmlPage.ReadAsync(await browser.SubmitAsync(confirmPage.Form("form[method=post]")));
        Assert.Contains("Ihre E-Mail-Adresse ist bestätigt", confirmed.Html, StringComparison.Ordinal);

        // The link is single use: a second use changes nothing.
        var again = await HtmlPage.ReadAsync(await browser.SubmitAsync(confirmPage.Form("form[method=post]")));
        Assert.Contains("bereits bestätigt", again.Html, StringComparison.Ordinal);

        var tokens = await client.LoginAndRedeemAsync(userName, StrongPassword, "openid profile");
        Assert.Equal(userName, (await client.ValidateAsync(tokens.AccessToken!, null)).GetClaim("preferred_username").Value);
    }

    [Fact]
    public async Task Each_further_address_is_confirmed_by_its_own_link()
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        var further = "weitere-" + email;
        var values = RegistrationForm.Values(userName, email);
        values["Input.AdditionalEmail1"] = values["Input.AdditionalEmail1Repeat"] = further;
        using var browser = new BrowserSession(world.ProviderUrl);
        await RegistrationForm.SubmitAsync(browser, await RegistrationForm.StepOneAsync(browser, values), accept: true);

        var mail = Assert.Single(await world.Smtp.WaitForAsync(further));
        Assert.Equal("Bitte bestätigen Sie Ihre weitere E-Mail-Adresse", mail.Subject);
        var page = await HtmlPage.ReadAsync(await browser.Http.GetAsync(Link(mail.TextBody)));
        await browser.SubmitAsync(page.Form("form[method=post]"));

        var address = await world.WithDatabaseAsync(async (db, _) => await db.AdditionalEmails.SingleAsync(a => a.Address == further));
        Assert.NotNull(address.ConfirmedAt);
    }

    [Fact]
    public async Task A_tampered_confirmation_link_is_refused()
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        using var browser = new BrowserSession(world.ProviderUrl);
        await RegistrationForm.SubmitAsync(browser, await RegistrationForm.StepOneAsync(browser, RegistrationForm.Values(userName, email)), accept: true);
        var link = await ConfirmationLinkAsync(email);

        var page = await HtmlPage.ReadAsync(await browser.Http.GetAsync(link.Replace("code=", "code=AAAA", StringComparison.Ordinal)));
        var refused = await HtmlPage.ReadAsync(await browser.SubmitAsync(page.Form("form[method=post]")));
        Assert.Contains("ungültig oder abgelaufen", refused.Html, StringComparison.Ordinal);
        Assert.False((await world.WithDatabaseAsync(async (db, _) => await db.Users.SingleAsync(u => u.UserName == userName))).EmailConfirmed);
    }

    [Theory]
    [InlineData("Input.GivenName", "", "Bitte füllen Sie das Feld „Vorname“ aus.")]
    [InlineData("Input.FamilyName", "", "Bitte füllen Sie das Feld „Nachname“ aus.")]
    [InlineData("Input.Email", "", "Bitte füllen Sie das Feld „E-Mail-Adresse“ aus.")]
    [InlineData("Input.EmailRepeat", "", "Bitte füllen Sie das Feld „E-Mail-Adresse wiederholen“ aus.")]
    [InlineData("Input.UserName", "", "Bitte füllen Sie das Feld „Benutzername“ aus.")]
    [InlineData("Input.Password", "", "Bitte füllen Sie das Feld „Passwort“ aus.")]
    [InlineData("Input.PasswordRepeat", "", "Bitte füllen Sie das Feld „Passwort wiederholen“ aus.")]
    [InlineData("Input.Anrede", "", "Bitte wählen Sie eine Anrede")]
    [InlineData("Input.Anrede", "Majestät", "Der Wert „Majestät“ ist für „Anrede“ nicht gültig.")]
    [InlineData("Input.AcademicTitle", "Dr.\u0007", "„Akademischer Titel“ enthält unzulässige Steuerzeichen.")]
    [InlineData("Input.GivenName", "Eri\u001bka", "„Vorname“ enthält unzulässige Steuerzeichen.")]
    [InlineData("Input.AdditionalEmail1", "zweite@", "„Weitere E-Mail-Adresse“ ist keine gültige E-Mail-Adresse.")]
    [InlineData("Input.AdditionalEmail1Repeat", "andere@example.org", "Die Wiederholung stimmt nicht mit „Weitere E-Mail-Adresse“ überein.")]
    [InlineData("Input.EmailRepeat", "anders@example.org", "Die Wiederholung stimmt nicht mit „E-Mail-Adresse“ überein.")]
    [InlineData("Input.Email", "keine-adresse", "„E-Mail-Adresse“ ist keine gültige E-Mail-Adresse.")]
    [InlineData("Input.FamilyName", "Muster\u0007mann", "„Nachname“ enthält unzulässige Steuerzeichen.")]
    [InlineData("Input.UserName", "ab", "Der Benutzername muss zwischen 3 und 64 Zeichen lang sein.")]
    [InlineData("Input.UserName", "mit leerzeichen", "Der Benutzername darf nur Buchstaben")]
    [InlineData("Input.PasswordRepeat", "Anderes-Passwort-1!", "Die Passwörter stimmen nicht überein.")]
    public async Task Bad_input_is_named_on_its_field_and_stores_nothing(string field, string value, string message)
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        var values = RegistrationForm.Values(userName, email);
        values[field] = value;
        if (field == "Input.Email")
        {
            values["Input.EmailRepeat"] = value;
        }

        await AssertRefusedAsync(values, field, message);
    }

    [Fact]
    public async Task A_NUL_character_is_refused_by_the_form_reader_as_a_bad_request_and_stores_nothing()
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        var values = RegistrationForm.Values(userName, email);
        values["Input.FamilyName"] = "Muster\u0000mann";
        using var browser = new BrowserSession(world.ProviderUrl);
        var page = await RegistrationForm.PostStepOneAsync(browser, values);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("Ungültige Anfrage", page.Document.QuerySelector("h1")!.TextContent);
        Assert.False(await UserExistsAsync(userName));
    }

    [Theory]
    [InlineData("Input.GivenName", "„Vorname“ darf höchstens 100 Zeichen lang sein.")]
    [InlineData("Input.FamilyName", "„Nachname“ darf höchstens 100 Zeichen lang sein.")]
    [InlineData("Input.AcademicTitle", "„Akademischer Titel“ darf höchstens 50 Zeichen lang sein.")]
    [InlineData("Input.Email", "„E-Mail-Adresse“ darf höchstens 254 Zeichen lang sein.")]
    [InlineData("Input.UserName", "Der Benutzername muss zwischen 3 und 64 Zeichen lang sein.")]
    [InlineData("Input.Password", "„Passwort“ darf höchstens 256 Zeichen lang sein.")]
    public async Task Ten_kilobyte_input_is_refused_as_too_long(string field, string message)
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        var values = RegistrationForm.Values(userName, email);
        values[field] = new string('x', 10_000);
        await AssertRefusedAsync(values, field, message);
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_every_unmet_rule_at_once()
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        var values = RegistrationForm.Values(userName, email);
        values["Input.Password"] = values["Input.PasswordRepeat"] = "abc";
        using var browser = new BrowserSession(world.ProviderUrl);
        var page = await RegistrationForm.PostStepOneAsync(browser, values);

        var errors = page.Document.QuerySelector("#Input_Password-fehler")!.TextContent;
        Assert.Contains("8", errors, StringComparison.Ordinal);
        Assert.True(Regex.Count(errors, @"\.") >= 4, "Expected all unmet rules, got: " + errors);
        Assert.False(await UserExistsAsync(userName));
    }

    [Fact]
    public async Task Without_accepting_the_Informationspflichten_nothing_is_stored()
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        using var browser = new BrowserSession(world.ProviderUrl);
        var page = await RegistrationForm.SubmitAsync(browser, await RegistrationForm.StepOneAsync(browser, RegistrationForm.Values(userName, email)), accept: false);

        Assert.Contains("Bitte bestätigen Sie, dass Sie die Informationspflichten akzeptieren.", page.Html, StringComparison.Ordinal);
        Assert.False(await UserExistsAsync(userName));
    }

    [Fact]
    public async Task Registering_with_a_taken_address_looks_the_same_and_warns_the_owner_by_mail()
    {
        var (firstName, email) = RegistrationForm.NewIdentity();
        using (var first = new BrowserSession(world.ProviderUrl))
        {
            await RegistrationForm.SubmitAsync(first, await RegistrationForm.StepOneAsync(first, RegistrationForm.Values(firstName, email)), accept: true);
        }

        var (secondName, _) = RegistrationForm.NewIdentity();
        using var browser = new BrowserSession(world.ProviderUrl);
        var done = await RegistrationForm.SubmitAsync(browser, await RegistrationForm.StepOneAsync(browser, RegistrationForm.Values(secondName, email)), accept: true);

        Assert.Equal("Registrierung abschließen", done.Document.QuerySelector("h1")!.TextContent);
        Assert.False(await UserExistsAsync(secondName));
        var mails = await world.Smtp.WaitForAsync(email, 2);
        Assert.Contains(mails, m => m.Subject == "Registrierung mit Ihrer E-Mail-Adresse");
    }

    [Fact]
    public async Task Two_simultaneous_registrations_of_one_username_create_exactly_one_account()
    {
        var (userName, firstEmail) = RegistrationForm.NewIdentity();
        var (_, secondEmail) = RegistrationForm.NewIdentity();
        using var first = new BrowserSession(world.ProviderUrl);
        using var second = new BrowserSession(world.ProviderUrl);
        var firstStep = await RegistrationForm.StepOneAsync(first, RegistrationForm.Values(userName, firstEmail));
        var secondStep = await RegistrationForm.StepOneAsync(second, RegistrationForm.Values(userName, secondEmail));

        var pages = await Task.WhenAll(RegistrationForm.SubmitAsync(first, firstStep, accept: true), RegistrationForm.SubmitAsync(second, secondStep, accept: true));

        Assert.Equal(1, await world.WithDatabaseAsync(async (db, _) => await db.Users.CountAsync(u => u.UserName == userName)));
        Assert.Single(pages, p => p.Html.Contains("Dieser Benutzername ist bereits vergeben", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resending_the_link_answers_alike_for_known_and_unknown_addresses()
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        using var browser = new BrowserSession(world.ProviderUrl);
        await RegistrationForm.SubmitAsync(browser, await RegistrationForm.StepOneAsync(browser, RegistrationForm.Values(userName, email)), accept: true);
        await world.Smtp.WaitForAsync(email);

        async Task<string> ResendAsync(string address)
        {
            var form = await HtmlPage.ReadAsync(await browser.Http.GetAsync("bestaetigung-erneut-senden"));
            var answer = await HtmlPage.ReadAsync(await browser.SubmitAsync(form.Form("form[method=post]", new Dictionary<string, string> { ["Email"] = address })));
            return answer.Document.QuerySelector("main")!.TextContent.Trim();
        }

        Assert.Equal(await ResendAsync(email), await ResendAsync("niemand-" + email));
        await world.Smtp.WaitForAsync(email, 2);
        Assert.Empty(world.Smtp.To("niemand-" + email));
    }

    private async Task AssertRefusedAsync(Dictionary<string, string> values, string field, string message)
    {
        using var browser = new BrowserSession(world.ProviderUrl);
        var page = await RegistrationForm.PostStepOneAsync(browser, values);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.Document.QuerySelector("input[name=Draft]"));
        var fieldError = page.Document.QuerySelector($"#{field.Replace('.', '_')}-fehler");
        Assert.True(fieldError is not null, $"No error on {field}: {page.Document.QuerySelector(".error-summary")?.TextContent}");
        Assert.Contains(message, fieldError!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.Document.QuerySelector($"#{field.Replace('.', '_')}")?.GetAttribute("aria-invalid") ?? "true");
        Assert.False(await UserExistsAsync(values["Input.UserName"]));
    }

    private Task<bool> UserExistsAsync(string userName) =>
        world.WithDatabaseAsync(async (db, _) => await db.Users.AnyAsync(u => u.UserName == userName));

    private async Task<string> ConfirmationLinkAsync(string email)
    {
        var mail = (await world.Smtp.WaitForAsync(email)).First(m => m.Subject == "Bitte bestätigen Sie Ihre E-Mail-Adresse");
        return Link(mail.TextBody);
    }

    private static string Link(string? text) => ConfirmLink().Match(text ?? string.Empty).Value;

    [GeneratedRegex(@"http://\S+/email-bestaetigen\S+")]
    private static partial Regex ConfirmLink();
}

[Collection(SqliteCollection.Name)]
public sealed class RegistrationTestsOnSqlite(SqliteWorld world) : RegistrationTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class RegistrationTestsOnPostgreSql(PostgreSqlWorld world) : RegistrationTests(world);
