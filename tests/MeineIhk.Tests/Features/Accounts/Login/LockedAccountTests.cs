using System.Globalization;
using System.Text.RegularExpressions;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.Tests.Features.Accounts.Login;

/// <summary>
/// ASVS 5.0 V6 (authentication, no account enumeration): a locked account is explained — why, until when, what to do —
/// only to whoever gives its right password; a wrong password hears what an unknown user hears.
/// </summary>
public abstract class LockedAccountTests(TestWorld world)
{
    private const string WrongPassword = "Falsches-Passwort-1!";

    [Fact]
    public async Task A_self_locked_account_hears_why_and_how_to_unlock_after_the_right_password_and_nothing_after_a_wrong_one()
    {
        var userName = await world.CreateUserAsync();
        await world.WithDatabaseAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            await db.SaveChangesAsync();
        });
        using var client = new OidcTestClient(world);

        var right = await client.FailedLoginMessageAsync(userName, TestWorld.Password);
        Assert.Contains("Ihr Konto ist gesperrt, weil Sie es selbst gesperrt haben.", right, StringComparison.Ordinal);
        Assert.Contains("„Konto entsperren“", right, StringComparison.Ordinal);
        Assert.Contains("Sie haben Ihr Passwort vergessen?", right, StringComparison.Ordinal);

        var wrong = await client.FailedLoginMessageAsync(userName, WrongPassword);
        Assert.Equal(await client.FailedLoginMessageAsync("gibt-es-nicht-" + Guid.NewGuid().ToString("N")[..8], WrongPassword), wrong);
        Assert.DoesNotContain("Ihr Konto ist", wrong, StringComparison.Ordinal);
        // A self-lock has no end that wrong guesses could turn into a short one: as many as lock an account
        // (five, counting the one above) leave it at the end of time.
        for (var attempt = 1; attempt < 5; attempt++)
        {
            await client.FailedLoginMessageAsync(userName, WrongPassword);
        }

        Assert.Equal(9999, (await world.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.LockoutEnd).SingleAsync()))!.Value.Year);
    }

    [Fact]
    public async Task An_account_locked_by_failed_attempts_hears_until_when_in_German_time_after_the_right_password_only()
    {
        var userName = await world.CreateUserAsync();
        using var client = new OidcTestClient(world);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await client.FailedLoginMessageAsync(userName, WrongPassword);
        }

        var unknown = await client.FailedLoginMessageAsync("gibt-es-nicht-" + Guid.NewGuid().ToString("N")[..8], WrongPassword);
        Assert.Equal(unknown, await client.FailedLoginMessageAsync(userName, WrongPassword));

        var right = await client.FailedLoginMessageAsync(userName, TestWorld.Password);
        var end = (await world.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.LockoutEnd).SingleAsync()))!.Value;
        var berlin = TimeZoneInfo.ConvertTime(end, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Contains("nach mehreren falschen Passworteingaben vorübergehend gesperrt, bis "
            + berlin.ToString("dd.MM.yyyy, HH:mm", CultureInfo.InvariantCulture) + " Uhr.", right, StringComparison.Ordinal);
        Assert.Contains("Sie haben Ihr Passwort vergessen?", right, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("UTC|\\d{4}-\\d{2}-\\d{2}"), right);

        // Wrong guesses during the lock still count, so the lock keeps slowing guessing down.
        Assert.True(await world.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.AccessFailedCount).SingleAsync()) >= 1);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LockedAccountTestsOnSqlite(SqliteWorld world) : LockedAccountTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class LockedAccountTestsOnPostgreSql(PostgreSqlWorld world) : LockedAccountTests(world);
