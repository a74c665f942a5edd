using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Hosting;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeineIhk.Tests.Features.Mail;

/// <summary>
/// Issue 15: a per-recipient throttle counted in the database (so every node sees the same count): beyond the limit
/// mails wait, and arrive later; of repeated identical requests only the newest is sent.
/// </summary>
public abstract class MailThrottleTests(TestWorld world)
{
    [Fact]
    public async Task Beyond_the_limit_mails_to_one_address_wait_an_hour_and_repeated_requests_are_sent_once()
    {
        var recipient = $"gedrosselt-{Guid.NewGuid():N}@example.org";
        await EnqueueAsync(recipient, ("PasswordChanged", "a"), ("AccountLocked", "b"));
        await world.Smtp.WaitForAsync(recipient, MailThrottleWorlds.Limit);
        await WaitAsync(() => world.QueryAsync(db => db.OutboxMails.CountAsync(m => m.Recipient == recipient && m.SentAt != null)), n => n == 2);

        await EnqueueAsync(recipient, ("ResetPassword", "erster"), ("ResetPassword", "zweiter"), ("ResetPassword", "dritter"), ("PasswordChanged", "c"));
        await WaitAsync(() => world.QueryAsync(db => db.OutboxMails.CountAsync(m => m.Recipient == recipient && m.SentAt == null && (m.GaveUpAt != null || m.NextAttemptAt > world.Now))), n => n == 4);
        Assert.Equal(2, world.Smtp.To(recipient).Count());

        world.Clock.Offset = TimeSpan.FromMinutes(61);
        try
        {
            world.Provider.Services.GetRequiredService<OutboxSignal>().Notify(Outbox.Mail);
            var mails = await world.Smtp.WaitForAsync(recipient, 4);
            var reset = Assert.Single(mails, m => m.Subject == "Neues Passwort für meine ihk");
            Assert.Contains("dritter", reset.TextBody, StringComparison.Ordinal);
            Assert.Equal(2, mails.Count(m => m.Subject == "Ihr Passwort wurde geändert"));
        }
        finally
        {
            world.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task The_throttle_counts_one_address_whatever_its_case()
    {
        var recipient = $"gross-{Guid.NewGuid():N}@example.org";
        await EnqueueAsync(recipient, ("PasswordChanged", "a"), ("AccountLocked", "b"));
        await WaitAsync(() => world.QueryAsync(db => db.OutboxMails.CountAsync(m => m.Recipient == recipient && m.SentAt != null)), n => n == 2);

        var upper = recipient.ToUpperInvariant();
        await EnqueueAsync(upper, ("PasswordChanged", "c"));
        await WaitAsync(() => world.QueryAsync(db => db.OutboxMails.CountAsync(m => m.Recipient == upper && m.NextAttemptAt > world.Now)), n => n == 1);
    }

    /// <summary>Stores the mails in one transaction, each a second newer than the one before.</summary>
    private async Task EnqueueAsync(string recipient, params (string Purpose, string Argument)[] mails)
    {
        await using var scope = world.Provider.Services.CreateAsyncScope();
        var composer = scope.ServiceProvider.GetRequiredService<MailComposer>();
        var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        foreach (var (purpose, argument) in mails)
        {
            outbox.Add(composer.Compose(purpose, recipient, CultureInfo.GetCultureInfo("de-DE"), null, new Uri("https://meine-ihk.example/"), argument));
        }

        var i = 0;
        foreach (var entry in db.ChangeTracker.Entries<OutboxMail>())
        {
            entry.Entity.CreatedAt = entry.Entity.CreatedAt.AddSeconds(i++);
        }

        await db.SaveChangesAsync();
    }

    private static async Task WaitAsync(Func<Task<int>> read, Func<int, bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            if (done(await read()))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The outbox never reached the expected state; last count " + await read());
    }
}

public static class MailThrottleWorlds
{
    public const int Limit = 2;

    public static IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Throttle:PerRecipientPerHour"] = Limit.ToString(CultureInfo.InvariantCulture),
    };
}

public sealed class MailThrottleSqliteWorld : TestWorld
{
    protected override DatabaseKind Kind => DatabaseKind.Sqlite;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => MailThrottleWorlds.Settings;
}

public sealed class MailThrottlePostgreSqlWorld : TestWorld
{
    protected override DatabaseKind Kind => DatabaseKind.PostgreSql;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => MailThrottleWorlds.Settings;
}

public sealed class MailThrottleTestsOnSqlite(MailThrottleSqliteWorld world) : MailThrottleTests(world), IClassFixture<MailThrottleSqliteWorld>;

public sealed class MailThrottleTestsOnPostgreSql(MailThrottlePostgreSqlWorld world) : MailThrottleTests(world), IClassFixture<MailThrottlePostgreSqlWorld>;
