using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure.TestData;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Applications;

/// <summary>Developers and platform administrators at work on /anwendungen and /plattform, over HTTP with the real forms.</summary>
public abstract class ApplicationPagesTests(TestWorld world)
{
    private const string Scopes = "openid profile ihk.org offline_access";

    [Fact]
    public async Task A_developer_registers_an_application_the_platform_approves_and_a_member_logs_in_with_its_role()
    {
        using var developer = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        var clientId = ApplicationPages.NewClientId();
        var created = await developer.RegisterAsync(clientId, ApplicationPages.RedirectUri.ToString(), "profile", "ihk.org", "offline_access");
        var secret = created.Secret();
        Assert.StartsWith("ihkcs_", secret, StringComparison.Ordinal);
        Assert.Equal(clientId, created.Document.QuerySelector("#client-id")!.TextContent);
        Assert.EndsWith("/.well-known/openid-configuration", created.Document.QuerySelector("#discovery-url")!.TextContent, StringComparison.Ordinal);

        // The secret lives only in that answer: the settings page and the secrets page show a hint, never the secret.
        var settings = await developer.PageAsync("/anwendungen/" + clientId);
        Assert.Equal("wartet auf Freigabe", settings.Document.QuerySelector("#application-status")!.TextContent);
        Assert.DoesNotContain(secret, settings.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, (await developer.PageAsync($"/anwendungen/{clientId}/geheimnisse")).Html, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, (await developer.PageAsync("/anwendungen")).Html, StringComparison.Ordinal);

        var roles = await developer.PageAsync($"/anwendungen/{clientId}/rollen");
        var added = await developer.SubmitAsync(roles, "#add-role-form", new Dictionary<string, string>
        {
            ["Role.Key"] = "sachbearbeitung", ["Role.DisplayNameDe"] = "Sachbearbeitung", ["Role.DisplayNameEn"] = "Clerk", ["Role.Description"] = "",
        });
        Assert.Contains("sachbearbeitung", added.Document.QuerySelector("#roles")!.TextContent, StringComparison.Ordinal);

        using var client = new OidcTestClient(world, clientId, secret, ApplicationPages.RedirectUri);
        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(secret)).Error);

        using var admin = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Administrator));
        await admin.ApproveAsync(clientId, firstParty: true);
        Assert.Equal("freigegeben", (await developer.PageAsync("/anwendungen/" + clientId)).Document.QuerySelector("#application-status")!.TextContent);

        var member = await world.CreateMemberAsync(ApplicationPages.Organisation, clientId, "sachbearbeitung");
        var tokens = await client.LoginAndRedeemAsync(member, TestWorld.Password, Scopes);
        var accessToken = await client.ValidateAsync(tokens.AccessToken!, audience: null);
        Assert.Equal(["sachbearbeitung"], accessToken.Claims.Where(c => c.Type == "role").Select(c => c.Value));
    }

    [Fact]
    public async Task The_page_showing_a_secret_is_not_stored_by_the_browser()
    {
        using var developer = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        var form = await developer.PageAsync("/anwendungen/neu");
        var request = form.Form("#application-form", new Dictionary<string, string>
        {
            ["Input.DisplayNameDe"] = "Testportal", ["Input.DisplayNameEn"] = "Test portal",
            ["Input.ClientId"] = ApplicationPages.NewClientId(), ["Input.RedirectUris"] = ApplicationPages.RedirectUri.ToString(),
        });
        var response = await developer.SubmitAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.NotNull((await HtmlPage.ReadAsync(response)).Secret());
    }

    [Theory]
    [InlineData("https://*.example.de/signin-oidc")]
    [InlineData("http://app.example.de/signin-oidc")]
    [InlineData("https://app.example.de/signin-oidc#x")]
    [InlineData("https://app.example.de@evil.example/cb")]
    public async Task A_bad_redirect_address_is_refused_with_the_line_it_is_on_and_nothing_is_saved(string bad)
    {
        using var developer = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        var clientId = ApplicationPages.NewClientId();

        var page = await developer.RegisterAsync(clientId, "https://app.example.de/signin-oidc\n\n" + bad);

        var error = page.Document.QuerySelector("#Input_RedirectUris-fehler")?.TextContent;
        Assert.NotNull(error);
        Assert.StartsWith("Zeile 3:", error, StringComparison.Ordinal);
        Assert.Contains(error, page.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.Document.QuerySelector("#Input_RedirectUris")!.GetAttribute("aria-invalid"));
        Assert.Null(page.Document.QuerySelector("#client-secret"));
        Assert.Null(await world.FindAsync(clientId));
    }

    [Fact]
    public async Task A_developer_can_neither_see_nor_change_another_developers_application()
    {
        using var owner = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        var clientId = ApplicationPages.NewClientId();
        (await owner.RegisterAsync(clientId, ApplicationPages.RedirectUri.ToString())).Secret();
        var roles = await owner.PageAsync($"/anwendungen/{clientId}/rollen");
        await owner.SubmitAsync(roles, "#add-role-form", new Dictionary<string, string>
        {
            ["Role.Key"] = "leser", ["Role.DisplayNameDe"] = "Leser", ["Role.DisplayNameEn"] = "Reader",
        });
        var before = (await world.FindAsync(clientId))!;

        using var other = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        Assert.DoesNotContain(clientId, (await other.PageAsync("/anwendungen")).Html, StringComparison.Ordinal);
        foreach (var path in new[] { "", "/geheimnisse", "/rollen", "/rollen/leser", "/rollen/leser/entfernen" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/anwendungen/{clientId}{path}")).StatusCode);
        }

        // A valid antiforgery token of the other developer's own session, posted to every handler of the foreign application.
        var token = (await other.PageAsync("/anwendungen/neu")).Document.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var posts = new (string Path, Dictionary<string, string> Fields)[]
        {
            ("", new() { ["Input.DisplayNameDe"] = "Übernommen", ["Input.DisplayNameEn"] = "Taken", ["Stamp"] = before.Fachanwendung.ConcurrencyStamp.ToString() }),
            ("/geheimnisse?handler=Rotate", new() { ["Overlap"] = "0" }),
            ("/geheimnisse?handler=Revoke", new() { ["secretId"] = before.Secrets.Single().Id.ToString() }),
            ("/rollen", new() { ["Role.Key"] = "fremd", ["Role.DisplayNameDe"] = "Fremd", ["Role.DisplayNameEn"] = "Foreign" }),
            ("/rollen/leser", new() { ["Role.DisplayNameDe"] = "Übernommen", ["Role.DisplayNameEn"] = "Taken" }),
            ("/rollen/leser/entfernen", new()),
        };
        foreach (var (path, fields) in posts)
        {
            fields["__RequestVerificationToken"] = token;
            using var content = new FormUrlEncodedContent(fields);
            Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsync($"/anwendungen/{clientId}{path}", content)).StatusCode);
        }

        var after = (await world.FindAsync(clientId))!;
        Assert.Equal(before.Fachanwendung.ConcurrencyStamp, after.Fachanwendung.ConcurrencyStamp);
        Assert.Equal("Testportal", after.Fachanwendung.DisplayNameDe);
        Assert.Single(after.Secrets);
        Assert.Equal(["leser"], after.Roles.Select(r => r.Key));
    }

    [Fact]
    public async Task People_without_a_platform_role_get_no_application_or_platform_page()
    {
        using var plain = await world.LoggedInAsync(await world.CreatePersonAsync(null));
        foreach (var path in new[] { "/anwendungen", "/anwendungen/neu", "/anwendungen/berichtsheft", "/plattform", "/plattform/entwickler" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await plain.Http.GetAsync(path)).StatusCode);
        }

        Assert.DoesNotContain("/anwendungen", (await plain.PageAsync("/")).Html, StringComparison.Ordinal);

        using var developer = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        Assert.Equal(HttpStatusCode.NotFound, (await developer.Http.GetAsync("/plattform")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await developer.Http.GetAsync("/plattform/entwickler")).StatusCode);
        var home = await developer.PageAsync("/");
        Assert.NotNull(home.Document.QuerySelector("a[href='/anwendungen']"));
        Assert.Null(home.Document.QuerySelector("a[href='/plattform']"));
    }

    [Fact]
    public async Task A_platform_administrator_grants_the_developer_role_by_email_and_it_counts_at_once()
    {
        var userName = await world.CreatePersonAsync(null);
        using var person = await world.LoggedInAsync(userName);
        Assert.Equal(HttpStatusCode.NotFound, (await person.Http.GetAsync("/anwendungen")).StatusCode);

        using var admin = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Administrator));
        var page = await admin.PageAsync("/plattform/entwickler");
        var granted = await admin.SubmitAsync(page, "#grant-form", new Dictionary<string, string> { ["NameOrEmail"] = userName + "@example.org" });
        Assert.Contains(userName, granted.Document.QuerySelector("#developers")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await person.Http.GetAsync("/anwendungen")).StatusCode);

        var unknown = await admin.SubmitAsync(granted, "#grant-form", new Dictionary<string, string> { ["NameOrEmail"] = "niemand-" + userName });
        Assert.NotNull(unknown.Document.QuerySelector("#NameOrEmail-fehler"));

        var revokeForm = granted.Document.QuerySelectorAll<IHtmlFormElement>(".revoke-form")
            .Single(f => f.ParentElement!.ParentElement!.TextContent.Contains(userName, StringComparison.Ordinal));
        revokeForm.Id = "revoke-this";
        await admin.SubmitAsync(granted, "#revoke-this");
        Assert.Equal(HttpStatusCode.NotFound, (await person.Http.GetAsync("/anwendungen")).StatusCode);
    }

    [Fact]
    public async Task Disabling_through_the_platform_page_refuses_the_token_endpoint_at_once_and_enabling_restores_it()
    {
        using var developer = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        var clientId = ApplicationPages.NewClientId();
        var secret = (await developer.RegisterAsync(clientId, ApplicationPages.RedirectUri.ToString())).Secret();
        using var admin = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Administrator));
        await admin.ApproveAsync(clientId);
        using var client = new OidcTestClient(world, clientId, secret, ApplicationPages.RedirectUri);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(secret)).Status);

        var confirm = await admin.PageAsync("/plattform?sperren=" + clientId);
        var disabled = await admin.SubmitAsync(confirm, "#disable-form");
        Assert.Contains("gesperrt", disabled.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(secret)).Error);

        var enable = disabled.Document.QuerySelectorAll<IHtmlFormElement>(".enable-form")
            .Single(f => f.QuerySelector<IHtmlInputElement>("input[name=clientId]")!.Value == clientId);
        enable.Id = "enable-this";
        await admin.SubmitAsync(disabled, "#enable-this");
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(secret)).Status);
    }

    [Fact]
    public async Task A_secret_rotated_through_the_page_overlaps_with_the_old_one_until_the_old_one_is_revoked()
    {
        using var developer = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        var clientId = ApplicationPages.NewClientId();
        var old = (await developer.RegisterAsync(clientId, ApplicationPages.RedirectUri.ToString())).Secret();
        using var admin = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Administrator));
        await admin.ApproveAsync(clientId);

        var secrets = await developer.PageAsync($"/anwendungen/{clientId}/geheimnisse");
        Assert.Equal("7", secrets.Document.QuerySelector<IHtmlInputElement>("input[name=Overlap]:checked")!.Value);
        var rotated = await developer.SubmitAsync(secrets, "#rotate-form", new Dictionary<string, string> { ["Overlap"] = "1" });
        var fresh = rotated.Secret();
        Assert.NotEqual(old, fresh);

        using var client = new OidcTestClient(world, clientId, old, ApplicationPages.RedirectUri);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(old)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(fresh)).Status);

        var oldId = (await world.FindAsync(clientId))!.Secrets.Single(s => old.StartsWith(s.Hint.TrimEnd('…'), StringComparison.Ordinal)).Id;
        var confirm = await developer.PageAsync($"/anwendungen/{clientId}/geheimnisse?widerrufen={oldId}");
        var revoked = await developer.SubmitAsync(confirm, "#revoke-form");
        Assert.NotNull(revoked.Document.QuerySelector("[role=status]"));

        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(old)).Error);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(fresh)).Status);
    }

    [Fact]
    public async Task Renaming_a_role_keeps_the_token_claim_and_removing_it_says_how_many_lose_it_and_takes_it_from_them()
    {
        using var developer = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        var clientId = ApplicationPages.NewClientId();
        var secret = (await developer.RegisterAsync(clientId, ApplicationPages.RedirectUri.ToString(), "profile", "ihk.org", "offline_access")).Secret();
        var roles = await developer.PageAsync($"/anwendungen/{clientId}/rollen");
        await developer.SubmitAsync(roles, "#add-role-form", new Dictionary<string, string>
        {
            ["Role.Key"] = "pruefer", ["Role.DisplayNameDe"] = "Prüfer(in)", ["Role.DisplayNameEn"] = "Examiner",
        });
        using var admin = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Administrator));
        await admin.ApproveAsync(clientId, firstParty: true);
        var first = await world.CreateMemberAsync(ApplicationPages.Organisation, clientId, "pruefer");
        await world.CreateMemberAsync(ApplicationPages.Organisation, clientId, "pruefer");

        var edit = await developer.PageAsync($"/anwendungen/{clientId}/rollen/pruefer");
        var renamed = await developer.SubmitAsync(edit, "#edit-role-form", new Dictionary<string, string>
        {
            ["Role.DisplayNameDe"] = "Prüfungsausschuss", ["Role.DisplayNameEn"] = "Examination board",
        });
        Assert.Contains("Prüfungsausschuss", renamed.Document.QuerySelector("#roles")!.TextContent, StringComparison.Ordinal);

        using var client = new OidcTestClient(world, clientId, secret, ApplicationPages.RedirectUri);
        var tokens = await client.LoginAndRedeemAsync(first, TestWorld.Password, Scopes);
        Assert.Equal(["pruefer"], (await client.ValidateAsync(tokens.AccessToken!, null)).Claims.Where(c => c.Type == "role").Select(c => c.Value));

        var confirm = await developer.PageAsync($"/anwendungen/{clientId}/rollen/pruefer/entfernen");
        Assert.Equal("2 Mitglieder verlieren diese Rolle.", confirm.Document.QuerySelector("#holders")!.TextContent);
        var removed = await developer.SubmitAsync(confirm, "#remove-role-form");
        Assert.Contains("2", removed.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(removed.Document.QuerySelector("#roles"));

        // It was the member's last role there: the refresh token ended with it (back-channel logout, issue 6).
        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens.RefreshToken!)).Error);
    }

    [Fact]
    public async Task A_platform_administrator_relaxes_PKCE_for_a_confidential_application_which_its_developer_can_neither_do_nor_undo_unknowingly()
    {
        // RFC 9700 §2.1.1: required by default; relaxing it is a platform administrator's recorded decision.
        using var developer = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        var clientId = ApplicationPages.NewClientId();
        (await developer.RegisterAsync(clientId, ApplicationPages.RedirectUri.ToString())).Secret();
        var redirects = new Dictionary<string, string> { ["Input.RedirectUris"] = ApplicationPages.RedirectUri.ToString(), ["Input.PostLogoutRedirectUris"] = "" };
        Assert.Null((await developer.PageAsync("/anwendungen/" + clientId)).Document.QuerySelector("input[name='Input.RelaxPkce']"));
        Assert.True((await world.FindAsync(clientId))!.Settings.PkceRequired);

        using var admin = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Administrator));
        var settings = await admin.PageAsync("/anwendungen/" + clientId);
        Assert.NotNull(settings.Document.QuerySelector("input[name='Input.RelaxPkce']"));
        await admin.SubmitAsync(settings, "#settings-form", new Dictionary<string, string>(redirects) { ["Input.RelaxPkce"] = "true" });
        Assert.False((await world.FindAsync(clientId))!.Settings.PkceRequired);
        Assert.True(await world.WithDatabaseAsync(async (db, _) => await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            db.AuditEntries, a => a.Action == AuditAction.ApplicationPkceRelaxed && a.Details == clientId)));

        // The developer's own edit keeps the administrator's decision.
        await developer.SubmitAsync(await developer.PageAsync("/anwendungen/" + clientId), "#settings-form",
            new Dictionary<string, string>(redirects) { ["Input.DisplayNameDe"] = "Geändert" });
        Assert.False((await world.FindAsync(clientId))!.Settings.PkceRequired);
    }

    [Fact]
    public async Task Saving_settings_read_before_someone_else_changed_them_reports_the_conflict_and_keeps_the_other_change()
    {
        using var developer = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        var clientId = ApplicationPages.NewClientId();
        (await developer.RegisterAsync(clientId, ApplicationPages.RedirectUri.ToString())).Secret();
        var stale = await developer.PageAsync("/anwendungen/" + clientId);
        var fresh = await developer.PageAsync("/anwendungen/" + clientId);
        var redirects = new Dictionary<string, string> { ["Input.RedirectUris"] = ApplicationPages.RedirectUri.ToString(), ["Input.PostLogoutRedirectUris"] = "" };

        var saved = await developer.SubmitAsync(fresh, "#settings-form", new Dictionary<string, string>(redirects) { ["Input.DisplayNameDe"] = "Erste Änderung" });
        Assert.NotNull(saved.Document.QuerySelector("[role=status]"));
        var conflict = await developer.SubmitAsync(stale, "#settings-form", new Dictionary<string, string>(redirects) { ["Input.DisplayNameDe"] = "Zweite Änderung" });

        Assert.Contains("von jemand anderem geändert", conflict.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Erste Änderung", (await world.FindAsync(clientId))!.Fachanwendung.DisplayNameDe);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApplicationPagesTestsOnSqlite(SqliteWorld world) : ApplicationPagesTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ApplicationPagesTestsOnPostgreSql(PostgreSqlWorld world) : ApplicationPagesTests(world);
