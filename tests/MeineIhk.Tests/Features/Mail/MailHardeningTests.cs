using System.Globalization;
using MailKit.Security;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.Tests.Features.Accounts.Register;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MeineIhk.Tests.Features.Mail;

/// <summary>Issue 15, mails: nothing a user typed goes to an address nobody confirmed; names carry no links; TLS by default.</summary>
public abstract class MailHardeningTests(TestWorld world)
{
    [Fact]
    public async Task Registration_mails_to_unconfirmed_addresses_carry_nothing_the_registrant_typed()
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        var further = "weitere-" + email;
        using var browser = new BrowserSession(world.ProviderUrl);
        var values = RegistrationForm.Values(userName, email);
        values["Input.AdditionalEmail1"] = values["Input.AdditionalEmail1Repeat"] = further;
        await RegistrationForm.SubmitAsync(browser, await RegistrationForm.StepOneAsync(browser, values), accept: true);

        foreach (var mail in (await world.Smtp.WaitForAsync(email)).Concat(await world.Smtp.WaitForAsync(further)))
        {
            var text = mail.TextBody ?? string.Empty;
            Assert.StartsWith("Guten Tag,", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Erika", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Mustermann", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_registration_with_a_taken_address_tells_its_owner_without_the_typed_name()
    {
        var existing = await Infrastructure.TestData.TestDataBuilder.CreateUserAsync(world);
        var (userName, _) = RegistrationForm.NewIdentity();
        using var browser = new BrowserSession(world.ProviderUrl);
        var values = RegistrationForm.Values(userName, existing + "@example.org");
        values["Input.GivenName"] = "Bitte";
        values["Input.FamilyName"] = "Zahlen Sie";
        await RegistrationForm.SubmitAsync(browser, await RegistrationForm.StepOneAsync(browser, values), accept: true);

        var notice = Assert.Single(await world.Smtp.WaitForAsync(existing + "@example.org"));
        Assert.DoesNotContain("Zahlen Sie", notice.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.GivenName", "Erika www.beispiel.de", "„Vorname“ darf keine Internetadressen")]
    [InlineData("Input.FamilyName", "Muster <b>Bank</b>", "„Nachname“ darf keine Internetadressen")]
    [InlineData("Input.FamilyName", "https://example.com", "„Nachname“ darf keine Internetadressen")]
    [InlineData("Input.AcademicTitle", "Dr.bank-login.com", "darf keine Internetadressen")]
    public async Task Name_fields_refuse_links_and_markup_with_a_clear_message(string field, string value, string message)
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        using var browser = new BrowserSession(world.ProviderUrl);
        var values = RegistrationForm.Values(userName, email);
        values[field] = value;

        var refused = await RegistrationForm.PostStepOneAsync(browser, values);
        Assert.Null(refused.Document.QuerySelector("input[name=Draft]"));
        Assert.Contains(message, refused.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_with_abbreviations_and_hyphens_still_pass()
    {
        var (userName, email) = RegistrationForm.NewIdentity();
        using var browser = new BrowserSession(world.ProviderUrl);
        var values = RegistrationForm.Values(userName, email);
        values["Input.AcademicTitle"] = "Dr. med.";
        values["Input.GivenName"] = "Anne-Marie";
        values["Input.FamilyName"] = "O'Neill St. Peter";
        await RegistrationForm.StepOneAsync(browser, values);
    }

    [Fact]
    public void SMTP_requires_TLS_unless_the_operator_says_otherwise()
    {
        Assert.Equal("Required", new MailOptions().Smtp.Security);
    }

    [Fact]
    public async Task With_the_default_setting_a_server_without_STARTTLS_gets_no_mail()
    {
        var options = Options.Create(new MailOptions { Smtp = { Host = "127.0.0.1", Port = world.Smtp.Port, Timeout = TimeSpan.FromSeconds(5) } });
        var message = new MimeMessage { Subject = "Test", Body = new TextPart("plain") { Text = "geheim" } };
        message.From.Add(MailboxAddress.Parse("noreply@meine-ihk.test"));
        var recipient = $"tls-{Guid.NewGuid():N}@example.org";
        message.To.Add(MailboxAddress.Parse(recipient));

        await Assert.ThrowsAnyAsync<NotSupportedException>(() => new SmtpMailTransport(options).SendAsync(message, CancellationToken.None));
        Assert.Empty(world.Smtp.To(recipient));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MailHardeningTestsOnSqlite(SqliteWorld world) : MailHardeningTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class MailHardeningTestsOnPostgreSql(PostgreSqlWorld world) : MailHardeningTests(world);
