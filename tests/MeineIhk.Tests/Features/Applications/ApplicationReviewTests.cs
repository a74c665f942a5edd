using System.Net;
using System.Text.Json;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.ManagementApi;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.Tests.Features.Applications;

/// <summary>
/// Re-review (issue 15): an approved application's redirect, post-logout and back-channel addresses and its scopes change
/// only when a platform administrator approves the change; the approved values stay in force meanwhile. ASVS 5.0 10.4.1
/// and RFC 9700 §4.1 (redirect URIs pre-registered and matched exactly) mean nothing if the owner can register a new one
/// unseen; checked at /connect/authorize over real HTTP.
/// </summary>
public abstract class ApplicationReviewTests(TestWorld world)
{
    private const string Approved = "https://app.example.de/signin-oidc";
    private const string Added = "https://neu.example.de/signin-oidc";

    [Fact]
    public async Task ASVS_10_4_1_RFC_9700_4_1_a_redirect_uri_the_owner_adds_after_approval_is_refused_until_a_platform_administrator_approves_it()
    {
        var (clientId, secret, owner) = await RegisterApprovedAsync();

        var requested = await world.Registry(r => r.UpdateAsync(clientId, Settings(clientId) with
        {
            DisplayNameDe = "Umbenannt", RedirectUris = [Approved, Added],
        }, null, owner));

        Assert.True(requested.Succeeded, string.Join(", ", requested.Errors));
        Assert.Equal("Umbenannt", requested.Value!.Fachanwendung.DisplayNameDe); // everything else applies at once
        Assert.Equal([Approved], requested.Value.Settings.RedirectUris);
        Assert.Equal([Approved, Added], requested.Value.Fachanwendung.PendingChange!.RedirectUris);
        await AssertRefusedAsync(clientId, secret, Added);
        await AssertGoesToLoginAsync(clientId, secret, Approved);
        Assert.True(await AuditedAsync(AuditAction.ApplicationChangeRequested, clientId));

        // Nobody but a platform administrator decides it, not even the owner.
        Assert.Equal(ResultStatus.NotFound, (await world.Registry(r => r.ApprovePendingChangeAsync(clientId, null, owner))).Status);
        await AssertRefusedAsync(clientId, secret, Added);

        var admin = RegistryActor.Person("admin-" + Guid.NewGuid().ToString("N")[..8], isPlatformAdministrator: true);
        var approved = await world.Registry(r => r.ApprovePendingChangeAsync(clientId, null, admin));
        Assert.True(approved.Succeeded, string.Join(", ", approved.Errors));
        Assert.Null(approved.Value!.Fachanwendung.PendingChange);
        await AssertGoesToLoginAsync(clientId, secret, Added);
        await AssertGoesToLoginAsync(clientId, secret, Approved);
        Assert.True(await AuditedAsync(AuditAction.ApplicationChangeApproved, clientId));
    }

    [Fact]
    public async Task A_rejected_redirect_uri_stays_refused_and_the_pending_change_is_gone()
    {
        var (clientId, secret, owner) = await RegisterApprovedAsync();
        await world.Registry(r => r.UpdateAsync(clientId, Settings(clientId) with { RedirectUris = [Added] }, null, owner));

        var admin = RegistryActor.Person("admin-" + Guid.NewGuid().ToString("N")[..8], isPlatformAdministrator: true);
        var rejected = await world.Registry(r => r.RejectPendingChangeAsync(clientId, null, admin));

        Assert.True(rejected.Succeeded, string.Join(", ", rejected.Errors));
        var stored = (await world.FindAsync(clientId))!;
        Assert.Null(stored.Fachanwendung.PendingChange);
        Assert.Null(stored.Fachanwendung.PendingChangeRequestedAt);
        Assert.Equal([Approved], stored.Settings.RedirectUris);
        await AssertRefusedAsync(clientId, secret, Added);
        await AssertGoesToLoginAsync(clientId, secret, Approved);
        Assert.Equal(ResultStatus.Invalid, (await world.Registry(r => r.ApprovePendingChangeAsync(clientId, null, admin))).Status);
        Assert.True(await AuditedAsync(AuditAction.ApplicationChangeRejected, clientId));
    }

    [Fact]
    public async Task A_scope_the_owner_adds_after_approval_is_not_granted_until_a_platform_administrator_approves_it()
    {
        var (clientId, secret, owner) = await RegisterApprovedAsync();
        await world.Registry(r => r.UpdateAsync(clientId, Settings(clientId) with
        {
            Scopes = ["openid", "profile", "ihk.org"], BackChannelLogoutUri = "https://app.example.de/backchannel",
        }, null, owner));

        var pending = (await world.FindAsync(clientId))!;
        Assert.Equal(["openid", "profile"], pending.Settings.Scopes);
        Assert.Null(pending.Fachanwendung.BackChannelLogoutUri);
        await AssertScopeRefusedAsync(clientId, secret, "openid ihk.org");
        await AssertGoesToLoginAsync(clientId, secret, Approved, "openid profile");

        Assert.True((await world.Registry(r => r.ApprovePendingChangeAsync(clientId, null, RegistryActor.Operator))).Succeeded);
        await AssertGoesToLoginAsync(clientId, secret, Approved, "openid ihk.org");
        Assert.Equal("https://app.example.de/backchannel", (await world.FindAsync(clientId))!.Fachanwendung.BackChannelLogoutUri);
    }

    [Fact]
    public async Task A_platform_administrators_own_edit_of_an_approved_application_applies_at_once()
    {
        var (clientId, secret, _) = await RegisterApprovedAsync();
        var admin = RegistryActor.Person("admin-" + Guid.NewGuid().ToString("N")[..8], isPlatformAdministrator: true);

        var changed = await world.Registry(r => r.UpdateAsync(clientId, Settings(clientId) with { RedirectUris = [Approved, Added] }, null, admin));

        Assert.True(changed.Succeeded, string.Join(", ", changed.Errors));
        Assert.Null(changed.Value!.Fachanwendung.PendingChange);
        Assert.Equal([Approved, Added], changed.Value.Settings.RedirectUris);
        await AssertGoesToLoginAsync(clientId, secret, Added);
    }

    [Fact]
    public async Task The_owner_withdraws_a_pending_change_by_saving_the_values_in_force_and_an_unapproved_application_changes_at_once()
    {
        var (clientId, _, owner) = await RegisterApprovedAsync();
        await world.Registry(r => r.UpdateAsync(clientId, Settings(clientId) with { RedirectUris = [Added] }, null, owner));
        Assert.NotNull((await world.FindAsync(clientId))!.Fachanwendung.PendingChange);

        await world.Registry(r => r.UpdateAsync(clientId, Settings(clientId), null, owner));
        Assert.Null((await world.FindAsync(clientId))!.Fachanwendung.PendingChange);
        Assert.True(await AuditedAsync(AuditAction.ApplicationChangeWithdrawn, clientId));

        var unapproved = "app-" + Guid.NewGuid().ToString("N")[..10];
        Assert.True((await world.Registry(r => r.CreateAsync(Settings(unapproved), [], owner))).Succeeded);
        var changed = await world.Registry(r => r.UpdateAsync(unapproved, Settings(unapproved) with { RedirectUris = [Added] }, null, owner));
        Assert.Equal([Added], changed.Value!.Settings.RedirectUris);
        Assert.Null(changed.Value.Fachanwendung.PendingChange);
    }

    [Fact]
    public async Task The_management_api_shows_the_pending_change_and_approves_it_with_if_match()
    {
        var (clientId, _, owner) = await RegisterApprovedAsync();
        await world.Registry(r => r.UpdateAsync(clientId, Settings(clientId) with { RedirectUris = [Approved, Added] }, null, owner));
        using var api = await ManagementApiClient.CreateAsync(world);

        var read = await api.Http.GetAsync($"api/v1/applications/{clientId}");
        var application = await ManagementApiClient.JsonAsync(read, HttpStatusCode.OK);
        Assert.Equal([Approved], application.GetProperty("redirectUris").EnumerateArray().Select(u => u.GetString()));
        var pending = application.GetProperty("pendingChange");
        Assert.Equal([Approved, Added], pending.GetProperty("redirectUris").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(["openid", "profile"], pending.GetProperty("scopes").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(TimeSpan.Zero, pending.GetProperty("requestedAt").GetDateTimeOffset().Offset);

        // Approving needs the ETag of what was read (RFC 9110 §13.1.1), so nobody approves a change they have not seen.
        using (var without = await api.Http.PostAsync($"api/v1/applications/{clientId}/pending-change/approval", null))
        {
            Assert.Equal(HttpStatusCode.PreconditionRequired, without.StatusCode);
        }

        using var approve = new HttpRequestMessage(HttpMethod.Post, $"api/v1/applications/{clientId}/pending-change/approval");
        approve.Headers.IfMatch.Add(read.Headers.ETag!);
        var approved = await ManagementApiClient.JsonAsync(await api.Http.SendAsync(approve), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, approved.GetProperty("pendingChange").ValueKind);
        Assert.Equal([Approved, Added], approved.GetProperty("redirectUris").EnumerateArray().Select(u => u.GetString()));

        // Nothing pending any more: rejecting says so.
        await ManagementApiClient.ProblemAsync(await api.DeleteAsync($"api/v1/applications/{clientId}/pending-change"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_owner_is_told_the_change_waits_and_the_platform_administrator_sees_old_and_new_and_approves_it_on_the_page()
    {
        using var developer = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Developer));
        var clientId = ApplicationPages.NewClientId();
        var secret = (await developer.RegisterAsync(clientId, ApplicationPages.RedirectUri.ToString())).Secret();
        using var admin = await world.LoggedInAsync(await world.CreatePersonAsync(PlatformRoles.Administrator));
        await admin.ApproveAsync(clientId);
        const string NewRedirect = "http://127.0.0.1:9/neu/signin-oidc";

        var saved = await developer.SubmitAsync(await developer.PageAsync("/anwendungen/" + clientId), "#settings-form", new Dictionary<string, string>
        {
            ["Input.RedirectUris"] = ApplicationPages.RedirectUri + "\n" + NewRedirect, ["Input.PostLogoutRedirectUris"] = "",
        });
        Assert.Contains("erst, wenn die Plattformadministration sie freigibt", saved.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(NewRedirect, saved.Document.QuerySelector("#pending-change [data-field=RedirectUris] .requested")!.TextContent, StringComparison.Ordinal);
        Assert.Null(saved.Document.QuerySelector("#approve-change-form"));
        Assert.Contains(NewRedirect, saved.Document.QuerySelector("#Input_RedirectUris")!.TextContent, StringComparison.Ordinal);
        await AssertRefusedAsync(clientId, secret, NewRedirect);

        var platform = await admin.PageAsync("/plattform");
        Assert.Contains(clientId, platform.Document.QuerySelector("#pending-changes")!.TextContent, StringComparison.Ordinal);
        var review = await admin.PageAsync("/anwendungen/" + clientId);
        var row = review.Document.QuerySelector("#pending-change [data-field=RedirectUris]")!;
        Assert.DoesNotContain(NewRedirect, row.QuerySelector(".in-force")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(NewRedirect, row.QuerySelector(".requested")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Änderung freigeben", review.Document.QuerySelector("#approve-change-form button")!.TextContent.Trim());
        Assert.Equal("Änderung ablehnen", review.Document.QuerySelector("#reject-change-form button")!.TextContent.Trim());

        var approved = await admin.SubmitAsync(review, "#approve-change-form");
        Assert.Contains("freigegeben", approved.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(approved.Document.QuerySelector("#pending-change"));
        Assert.Contains(NewRedirect, (await world.FindAsync(clientId))!.Settings.RedirectUris);
        await AssertGoesToLoginAsync(clientId, secret, NewRedirect);
    }

    /// <summary>RFC 6749 §3.1.2.4: an unregistered redirect URI is told on the provider's page, never redirected to.</summary>
    private async Task AssertRefusedAsync(string clientId, string secret, string redirectUri)
    {
        using var client = new OidcTestClient(world, clientId, secret, new Uri(redirectUri));
        using var response = await client.StartAuthorizeAsync("openid");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    /// <summary>Accepted: the unauthenticated browser is sent to the provider's login, not back with an error.</summary>
    private async Task AssertGoesToLoginAsync(string clientId, string secret, string redirectUri, string scope = "openid")
    {
        using var client = new OidcTestClient(world, clientId, secret, new Uri(redirectUri));
        using var response = await client.StartAuthorizeAsync(scope);
        var location = response.Headers.Location;
        Assert.True(location is not null, $"{redirectUri} ({scope}) was refused: {(int)response.StatusCode}");
        var target = location.IsAbsoluteUri ? location : new Uri(world.ProviderUrl, location);
        Assert.Equal(world.ProviderUrl.Authority, target.Authority);
        Assert.DoesNotContain("error=", target.Query, StringComparison.Ordinal);
    }

    /// <summary>A scope the client may not use: the error goes back to the (registered) redirect URI.</summary>
    private async Task AssertScopeRefusedAsync(string clientId, string secret, string scope)
    {
        using var client = new OidcTestClient(world, clientId, secret, new Uri(Approved));
        using var response = await client.StartAuthorizeAsync(scope);
        var location = response.Headers.Location;
        Assert.True(location is not null && location.ToString().StartsWith(Approved, StringComparison.Ordinal), $"{scope}: {(int)response.StatusCode} {location}");
        Assert.Contains("error=", location.Query, StringComparison.Ordinal);
    }

    private Task<bool> AuditedAsync(string action, string clientId) =>
        world.WithDatabaseAsync((db, _) => EntityFrameworkQueryableExtensions.AnyAsync(db.AuditEntries, a => a.Action == action && a.Details == clientId));

    private async Task<(string ClientId, string Secret, RegistryActor Owner)> RegisterApprovedAsync()
    {
        var owner = RegistryActor.Person("owner-" + Guid.NewGuid().ToString("N")[..8], isPlatformAdministrator: false);
        var clientId = "app-" + Guid.NewGuid().ToString("N")[..10];
        var created = await world.Registry(r => r.CreateAsync(Settings(clientId), [], owner));
        Assert.True(created.Succeeded, string.Join(", ", created.Errors));
        Assert.True((await world.Registry(r => r.ApproveAsync(clientId, RegistryActor.Operator))).Succeeded);
        return (clientId, created.Value!.Secret!.PlainText, owner);
    }

    private static ApplicationSettings Settings(string clientId) => new()
    {
        ClientId = clientId,
        DisplayNameDe = "Testanwendung",
        DisplayNameEn = "Test application",
        RedirectUris = [Approved],
        Scopes = ["openid", "profile"],
    };
}

[Collection(SqliteCollection.Name)]
public sealed class ApplicationReviewTestsOnSqlite(SqliteWorld world) : ApplicationReviewTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class ApplicationReviewTestsOnPostgreSql(PostgreSqlWorld world) : ApplicationReviewTests(world);
