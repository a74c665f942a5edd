using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Infrastructure;


using MeineIhk.Tests.Infrastructure.Http;

using MeineIhk.Tests.Features.Accounts.Register;

namespace MeineIhk.Tests.Features.Mail;

/// <summary>The outbox over a real SMTP exchange: nothing lost while SMTP is down, nothing sent twice.</summary>
public abstract class MailOutboxTests(TestWorld world)
{
    [Fact]
    public async Task A_stored_mail_arrives_over_SMTP_as_text_and_HTML_and_its_body_is_erased()
    {
        var recipient = Recipient();
        await StoreMailsAsync([recipient], CultureInfo.GetCultureInfo("de-DE"));

        var mail = Assert.Single(await world.Smtp.WaitForAsync(recipient));
        Assert.Equal("Bitte bestätigen Sie Ihre E-Mail-Adresse", mail.Subject);
        Assert.Contains("Guten Tag Erika Muster,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://meine-ihk.example/bestaetigen?code=geheim", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://meine-ihk.example/bestaetigen?code=geheim\"", mail.HtmlBody, StringComparison.Ordinal);

        var stored = await WaitForStateAsync(recipient, m => m.SentAt is not null);
        Assert.Null(stored.ProtectedTextBody);
        Assert.Null(stored.ProtectedHtmlBody);
    }

    [Fact]
    public async Task Mails_are_written_in_the_language_asked_for()
    {
        var recipient = Recipient();
        await StoreMailsAsync([recipient], CultureInfo.GetCultureInfo("en"));

        var mail = Assert.Single(await world.Smtp.WaitForAsync(recipient));
        Assert.Equal("Please confirm your e-mail address", mail.Subject);
        Assert.Contains("Hello Erika Muster,", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_SMTP_is_down_mails_stay_queued_and_afterwards_each_arrives_exactly_once()
    {
        var recipients = Enumerable.Range(0, 3).Select(_ => Recipient()).ToArray();
        await world.Smtp.StopAsync();
        try
        {
            await StoreMailsAsync(recipients, CultureInfo.GetCultureInfo("de-DE"));
            foreach (var recipient in recipients)
            {
                var failed = await WaitForStateAsync(recipient, m => m.Attempts >= 1);
                Assert.Null(failed.SentAt);
                Assert.NotNull(failed.LastError);
                Assert.DoesNotContain("geheim", failed.LastError, StringComparison.Ordinal);
            }
        }
        finally
        {
            world.Smtp.Start();
        }

        world.Clock.Offset = TimeSpan.FromHours(2);
        try
        {
            world.Provider.Services.GetRequiredService<OutboxSignal>().Notify(Outbox.Mail);
            foreach (var recipient in recipients)
            {
                await world.Smtp.WaitForAsync(recipient);
                await WaitForStateAsync(recipient, m => m.SentAt is not null);
            }

            // Another round of the dispatcher finds nothing left to send.
            Assert.Equal(0, await world.Provider.Services.GetRequiredService<MailDispatcher>().DispatchDueAsync(CancellationToken.None));
            foreach (var recipient in recipients)
            {
                Assert.Single(world.Smtp.To(recipient));
            }
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task People_registering_while_SMTP_is_down_each_get_their_confirmation_once_it_is_back()
    {
        var people = Enumerable.Range(0, 3).Select(_ => RegistrationForm.NewIdentity()).ToList();
        await world.Smtp.StopAsync();
        try
        {
            foreach (var (userName, email) in people)
            {
                using var browser = new BrowserSession(world.ProviderUrl);
                var done = await RegistrationForm.RegisterAsync(browser, userName, email);
                Assert.Equal("Registrierung abschließen", done.Document.QuerySelector("h1")!.TextContent);
                await WaitForStateAsync(email, m => m.Attempts >= 1);
            }
        }
        finally
        {
            world.Smtp.Start();
        }

        world.Clock.Offset = TimeSpan.FromHours(2);
        try
        {
            world.Provider.Services.GetRequiredService<OutboxSignal>().Notify(Outbox.Mail);
            foreach (var (_, email) in people)
            {
                var mail = Assert.Single(await world.Smtp.WaitForAsync(email));
                Assert.Equal("Bitte bestätigen Sie Ihre E-Mail-Adresse", mail.Subject);
                await WaitForStateAsync(email, m => m.SentAt is not null);
            }

            Assert.Equal(0, await world.Provider.Services.GetRequiredService<MailDispatcher>().DispatchDueAsync(CancellationToken.None));
            Assert.All(people, p => Assert.Single(world.Smtp.To(p.Email)));
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task A_mail_whose_change_is_rolled_back_is_never_sent()
    {
        var recipient = Recipient();
        await using (var scope = world.Provider.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            Enqueue(scope.ServiceProvider, recipient, CultureInfo.GetCultureInfo("de-DE"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await world.Provider.Services.GetRequiredService<MailDispatcher>().DispatchDueAsync(CancellationToken.None));
        Assert.Empty(world.Smtp.To(recipient));
        Assert.False(await world.WithDatabaseAsync(async (db, _) => await db.OutboxMails.AnyAsync(m => m.Recipient == recipient)));
    }

    private static string Recipient() => $"empfaenger-{Guid.NewGuid():N}@example.org";

    private async Task StoreMailsAsync(IEnumerable<string> recipients, CultureInfo culture)
    {
        await using var scope = world.Provider.Services.CreateAsyncScope();
        foreach (var recipient in recipients)
        {
            Enqueue(scope.ServiceProvider, recipient, culture);
        }

        await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().SaveChangesAsync();
    }

    private static void Enqueue(IServiceProvider services, string recipient, CultureInfo culture)
    {
        var mail = services.GetRequiredService<MailComposer>()
            .Compose("ConfirmEmail", recipient, culture, "Erika Muster", new Uri("https://meine-ihk.example/bestaetigen?code=geheim"));
        services.GetRequiredService<MailOutbox>().Add(mail);
    }

    private async Task<MeineIhk.IdentityProvider.Domain.OutboxMail> WaitForStateAsync(string recipient, Func<MeineIhk.IdentityProvider.Domain.OutboxMail, bool> state)
    {
        for (var i = 0; i < 200; i++)
        {
            var mail = await world.WithDatabaseAsync(async (db, _) => await db.OutboxMails.AsNoTracking().SingleAsync(m => m.Recipient == recipient));
            if (state(mail))
            {
                return mail;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The outbox mail to " + recipient + " never reached the expected state.");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MailOutboxTestsOnSqlite(SqliteWorld world) : MailOutboxTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class MailOutboxTestsOnPostgreSql(PostgreSqlWorld world) : MailOutboxTests(world);
