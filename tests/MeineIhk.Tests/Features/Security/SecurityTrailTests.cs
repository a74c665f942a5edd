using System.Net;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.Passwords;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Features.Security.Retention;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;

namespace MeineIhk.Tests.Features.Security;

/// <summary>
/// The security event trail (ASVS 5.0 V16), lockout that guards only the password form (6.3.1), current-password
/// checks that count, the password hash's strength (6.2, OWASP: PBKDF2-HMAC-SHA512 ≥ 210,000) and what deletion and
/// retention remove (V14.2, GDPR Art. 17). Everything through the running provider over HTTP.
/// </summary>
public abstract class SecurityTrailTests(TestWorld world)
{
    private const string Organisation = "Spiel- und Spaß GmbH";
    private const string WrongPassword = "Falsches-Passwort-1!";

    [Fact]
    public async Task ASVS_16_3_1_failed_and_successful_logins_are_recorded_with_reason_and_address_and_no_password()
    {
        var userName = await world.CreateUserAsync();
        var userId = await world.UserIdAsync(userName);
        using var client = new OidcTestClient(world);
        await client.FailedLoginMessageAsync(userName, WrongPassword);
        using var browser = await world.LoggedInAsync(userName);

        var events = await EventsAsync(userId, e => e.Kind == nameof(SecurityEventKind.LoginSucceeded));
        var failed = Assert.Single(events, e => e.Kind == nameof(SecurityEventKind.LoginFailed));
        Assert.Equal(("wrong-password", "127.0.0.1", userName, (int)SecurityEventKind.LoginFailed), (failed.Detail, failed.RemoteAddress, failed.UserName, failed.EventId));
        Assert.Equal("password", Assert.Single(events, e => e.Kind == nameof(SecurityEventKind.LoginSucceeded)).Detail);
        var everything = await world.QueryAsync(db => db.SecurityEvents.ToListAsync());
        Assert.DoesNotContain(everything, e => $"{e.Detail}{e.UserName}{e.ClientId}".Contains("Passwort", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASVS_6_3_1_five_failed_logins_lock_the_login_form_but_a_valid_refresh_token_still_works()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId, "auszubildender");
        var userId = await world.UserIdAsync(userName);
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid offline_access");

        using var attacker = new OidcTestClient(world);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await attacker.FailedLoginMessageAsync(userName, WrongPassword);
        }

        // Locked: even the right password is refused at the form …
        Assert.Contains("vorübergehend gesperrt", await new OidcTestClient(world).FailedLoginMessageAsync(userName, TestWorld.Password), StringComparison.Ordinal); // the right password of a locked account hears why (issue 18)

        // … but the session that logged in before keeps refreshing (RFC 6749 §6; the lockout guards the form only).
        var refreshed = await client.RefreshAsync(tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotNull(refreshed.AccessToken);
        Assert.Contains(await EventsAsync(userId, e => e.Kind == nameof(SecurityEventKind.LockedOut)), e => e.Detail == "failed-logins");
    }

    [Fact]
    public async Task ASVS_6_3_1_wrong_current_passwords_count_towards_the_lockout()
    {
        var userName = await world.CreateUserAsync();
        var userId = await world.UserIdAsync(userName);
        using var browser = await world.LoggedInAsync(userName);

        HtmlPage answer = null!;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var form = await HtmlPage.ReadAsync(await browser.Http.GetAsync("konto/passwort"));
            answer = await HtmlPage.ReadAsync(await browser.SubmitAsync(form.Form("#inhalt form[method=post]", new Dictionary<string, string>
            {
                ["CurrentPassword"] = WrongPassword, ["NewPassword"] = "Neues-Passwort-2026?", ["NewPasswordRepeat"] = "Neues-Passwort-2026?",
            })));
        }

        Assert.Contains("Zu viele falsche Passwörter", answer.Html, StringComparison.Ordinal);
        Assert.Contains("vorübergehend gesperrt", await new OidcTestClient(world).FailedLoginMessageAsync(userName, TestWorld.Password), StringComparison.Ordinal); // the right password of a locked account hears why (issue 18)
        var events = await EventsAsync(userId, e => e.Kind == nameof(SecurityEventKind.LockedOut));
        Assert.Equal(5, events.Count(e => e.Kind == nameof(SecurityEventKind.CurrentPasswordWrong)));
        Assert.Contains(events, e => e.Kind == nameof(SecurityEventKind.LockedOut) && e.Detail == "current-password");
    }

    [Fact]
    public async Task A_self_locked_account_still_ends_refresh()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId, "auszubildender");
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid offline_access");
        using var browser = await world.LoggedInAsync(userName);

        var form = await HtmlPage.ReadAsync(await browser.Http.GetAsync("konto/sperren"));
        await browser.SubmitAsync(form.Form("#inhalt form[method=post]"));

        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens.RefreshToken!)).Error);
    }

    [Fact]
    public async Task ASVS_6_2_a_hash_made_at_100000_iterations_is_redone_at_210000_on_the_next_login()
    {
        var userName = await world.CreateUserAsync();
        await world.WithDatabaseAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            user.PasswordHash = new PasswordHasher<ApplicationUser>(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }))
                .HashPassword(user, TestWorld.Password);
            await db.SaveChangesAsync();
        });
        Assert.Equal(100_000, PasswordHashing.IterationsOf(await HashOfAsync(userName)));

        using var browser = await world.LoggedInAsync(userName);

        Assert.Equal(210_000, PasswordHashing.IterationsOf(await HashOfAsync(userName)));
    }

    [Fact]
    public async Task RFC_9700_4_14_2_a_replayed_refresh_token_is_recorded()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId, "auszubildender");
        var userId = await world.UserIdAsync(userName);
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid offline_access");
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(tokens.RefreshToken!)).Status);

        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens.RefreshToken!)).Error);

        var replay = Assert.Single(await EventsAsync(userId, e => e.Kind == nameof(SecurityEventKind.TokenReplayed)), e => e.Kind == nameof(SecurityEventKind.TokenReplayed));
        Assert.Equal(("refresh_token", TestWorld.SampleClientId), (replay.Detail, replay.ClientId));
    }

    [Fact]
    public async Task RFC_6749_5_2_a_failed_client_authentication_is_recorded_without_the_secret()
    {
        var clientId = TestWorld.SampleClientId;
        var before = await world.QueryAsync(db => db.SecurityEvents.CountAsync(e => e.Kind == nameof(SecurityEventKind.ClientAuthenticationFailed)));
        using var client = new OidcTestClient(world);

        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync("wrong-secret-value")).Error);

        var recorded = await WaitForAsync(db => db.SecurityEvents.Where(e => e.Kind == nameof(SecurityEventKind.ClientAuthenticationFailed)).ToListAsync(), l => l.Count > before);
        Assert.Contains(recorded, e => e.ClientId == clientId && e.Detail == "/connect/token");
        Assert.DoesNotContain(recorded, e => (e.Detail ?? string.Empty).Contains("wrong-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GDPR_deletion_pseudonymises_audit_and_trail_and_removes_client_sessions_and_token_rows()
    {
        var userName = await world.CreateMemberAsync(Organisation, TestWorld.SampleClientId, "auszubildender");
        var userId = await world.UserIdAsync(userName);
        using var client = new OidcTestClient(world);
        await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid offline_access");
        await world.WithDatabaseAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == userId);
            db.Audit(AuditAction.MemberAdded, world.Now, actor: user, subject: user);
            db.ClientSessions.Add(new ClientSession { SessionId = "s-" + userName, UserId = userId, ClientId = TestWorld.SampleClientId, CreatedAt = world.Now });
            await db.SaveChangesAsync();
        });
        Assert.True(await world.QueryAsync(db => db.Set<OpenIddictEntityFrameworkCoreToken>().AnyAsync(t => t.Subject == userId)));
        using var browser = await world.LoggedInAsync(userName);

        var form = await HtmlPage.ReadAsync(await browser.Http.GetAsync("konto/loeschen"));
        await browser.SubmitAsync(form.Form("#inhalt form[method=post]", new Dictionary<string, string> { ["Password"] = TestWorld.Password }));

        var audit = await world.QueryAsync(db => db.AuditEntries.Where(a => a.ActorUserId == userId).ToListAsync());
        Assert.All(audit, a => Assert.Equal((AuditEntry.DeletedPerson, AuditEntry.DeletedPerson), (a.ActorName, a.SubjectName)));
        Assert.NotEmpty(audit);
        Assert.False(await world.QueryAsync(db => db.Set<OpenIddictEntityFrameworkCoreToken>().AnyAsync(t => t.Subject == userId)));
        Assert.False(await world.QueryAsync(db => db.Set<OpenIddictEntityFrameworkCoreAuthorization>().AnyAsync(a => a.Subject == userId)));
        Assert.False(await world.QueryAsync(db => db.ClientSessions.AnyAsync(s => s.UserId == userId)));
        var events = await EventsAsync(userId, e => e.Kind == nameof(SecurityEventKind.AccountDeleted));
        Assert.Contains(events, e => e.Kind == nameof(SecurityEventKind.LoginSucceeded));
        var names = await WaitForAsync(db => db.SecurityEvents.Where(e => e.UserId == userId && e.UserName != null).CountAsync(), count => count == 0);
        Assert.Equal(0, names);
    }

    [Fact]
    public async Task ASVS_14_2_the_retention_sweep_deletes_only_what_is_older_than_its_period()
    {
        var marker = "retention-" + Guid.NewGuid().ToString("N")[..8];
        var now = world.Now;
        await world.WithDatabaseAsync(async db =>
        {
            db.SecurityEvents.AddRange(
                new SecurityEventEntry { Kind = "LoginFailed", EventId = 5002, Detail = marker + "-old", OccurredAt = now.AddDays(-181) },
                new SecurityEventEntry { Kind = "LoginFailed", EventId = 5002, Detail = marker + "-new", OccurredAt = now.AddDays(-89) });
            db.AuditEntries.AddRange(
                new AuditEntry { Action = AuditAction.MemberAdded, Details = marker + "-old", OccurredAt = now.AddDays(-731) },
                new AuditEntry { Action = AuditAction.MemberAdded, Details = marker + "-new", OccurredAt = now.AddDays(-700) });
            db.OutboxMails.AddRange(
                new OutboxMail { Purpose = "Test", Recipient = marker + "-old@example.org", Subject = "s", CreatedAt = now.AddDays(-40), SentAt = now.AddDays(-31) },
                new OutboxMail { Purpose = "Test", Recipient = marker + "-pending@example.org", Subject = "s", CreatedAt = now.AddDays(-40), NextAttemptAt = now.AddYears(1) });
            await db.SaveChangesAsync();
        });

        await world.WithDatabaseAsync(async (_, services) => await services.GetRequiredService<RetentionSweep>().RunAsync(CancellationToken.None));

        Assert.Equal([marker + "-new"], await world.QueryAsync(db => db.SecurityEvents.Where(e => e.Detail!.StartsWith(marker)).Select(e => e.Detail!).ToListAsync()));
        Assert.Equal([marker + "-new"], await world.QueryAsync(db => db.AuditEntries.Where(e => e.Details!.StartsWith(marker)).Select(e => e.Details!).ToListAsync()));
        Assert.Equal([marker + "-pending@example.org"], await world.QueryAsync(db => db.OutboxMails.Where(m => m.Recipient.StartsWith(marker)).Select(m => m.Recipient).ToListAsync()));
    }

    [Fact]
    public async Task ASVS_16_2_platform_administrators_search_the_trail_and_everybody_else_gets_404()
    {
        var userName = await world.CreateUserAsync();
        var userId = await world.UserIdAsync(userName);
        await new OidcTestClient(world).FailedLoginMessageAsync(userName, WrongPassword);
        await EventsAsync(userId, e => e.Kind == nameof(SecurityEventKind.LoginFailed));

        using var someone = await world.LoggedInAsync(userName);
        Assert.Equal(HttpStatusCode.NotFound, (await someone.Http.GetAsync("plattform/sicherheitsereignisse")).StatusCode);

        using var admin = await world.LoggedInAsync(await Applications.ApplicationPages.CreatePersonAsync(world, PlatformRoles.Administrator));
        var found = await HtmlPage.ReadAsync(await admin.Http.GetAsync($"plattform/sicherheitsereignisse?person={userName}&art=LoginFailed&adresse=127.0.0."));
        Assert.Equal(HttpStatusCode.OK, found.Status);
        var rows = found.Document.QuerySelectorAll("#trail-events tbody tr");
        var row = Assert.Single(rows).TextContent;
        Assert.Contains("Anmeldung fehlgeschlagen", row, StringComparison.Ordinal);
        Assert.Contains("wrong-password", row, StringComparison.Ordinal);

        var english = await HtmlPage.ReadAsync(await admin.Http.GetAsync($"plattform/sicherheitsereignisse?person={userName}&culture=en"));
        Assert.Contains("Sign-in failed", english.Document.QuerySelector("#trail-events")!.TextContent, StringComparison.Ordinal);

        var bad = await HtmlPage.ReadAsync(await admin.Http.GetAsync("plattform/sicherheitsereignisse?art=Nonsense&von=2026-05-02&bis=2026-05-01"));
        Assert.Contains("Diese Art von Ereignis gibt es nicht.", bad.Html, StringComparison.Ordinal);
        Assert.Contains("„Bis“ liegt vor „Von“.", bad.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sign_in_history_shows_the_own_attempts_of_90_days_and_nobody_elses()
    {
        var userName = await world.CreateUserAsync();
        var userId = await world.UserIdAsync(userName);
        var other = await world.CreateUserAsync();
        await new OidcTestClient(world).FailedLoginMessageAsync(userName, WrongPassword);
        await new OidcTestClient(world).FailedLoginMessageAsync(other, WrongPassword);
        await world.WithDatabaseAsync(async db =>
        {
            db.SecurityEvents.Add(new SecurityEventEntry { Kind = "LoginSucceeded", EventId = 5001, UserId = userId, Detail = "password", RemoteAddress = "198.51.100.7", OccurredAt = world.Now.AddDays(-91) });
            await db.SaveChangesAsync();
        });
        using var browser = await world.LoggedInAsync(userName);
        await EventsAsync(userId, e => e.Kind == nameof(SecurityEventKind.LoginSucceeded) && e.OccurredAt > world.Now.AddDays(-1));

        var page = await HtmlPage.ReadAsync(await browser.Http.GetAsync("konto/anmeldeverlauf"));

        var rows = page.Document.QuerySelectorAll("#sign-in-history tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("Erfolgreich", rows[0], StringComparison.Ordinal);
        Assert.Contains("Fehlgeschlagen: falsches Passwort", rows[1], StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Contains("127.0.0.1", r, StringComparison.Ordinal));
        Assert.DoesNotContain("198.51.100.7", page.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/konto/anmeldeverlauf\"", (await HtmlPage.ReadAsync(await browser.Http.GetAsync("konto"))).Html, StringComparison.Ordinal);
    }

    private Task<string> HashOfAsync(string userName) =>
        world.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.PasswordHash!).SingleAsync());

    /// <summary>The person's events once one matching <paramref name="until"/> has been written (the writer runs in the background).</summary>
    private Task<List<SecurityEventEntry>> EventsAsync(string userId, Func<SecurityEventEntry, bool> until) =>
        WaitForAsync(db => db.SecurityEvents.Where(e => e.UserId == userId).OrderBy(e => e.Id).ToListAsync(), events => events.Any(until));

    private async Task<T> WaitForAsync<T>(Func<ApplicationDbContext, Task<T>> query, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var value = await world.QueryAsync(query);
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SecurityTrailTestsOnSqlite(SqliteWorld world) : SecurityTrailTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class SecurityTrailTestsOnPostgreSql(PostgreSqlWorld world) : SecurityTrailTests(world);
