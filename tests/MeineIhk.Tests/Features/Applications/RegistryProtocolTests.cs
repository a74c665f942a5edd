using System.Net;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MeineIhk.Tests.Features.Applications;

/// <summary>What the registry's changes mean at the token and authorize endpoints: secrets with overlap, approval, disabling.</summary>
public abstract class RegistryProtocolTests(TestWorld world)
{
    [Fact]
    public async Task A_registered_confidential_application_gets_a_secret_shown_once_that_authenticates_it()
    {
        var (clientId, secret) = await RegisterApprovedAsync();

        using var client = new OidcTestClient(world, clientId, secret);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(secret)).Status);

        var stored = await world.Registry(r => r.FindAsync(clientId, RegistryActor.Operator));
        var only = Assert.Single(stored!.Secrets);
        Assert.DoesNotContain(secret, only.Hash, StringComparison.Ordinal);
        Assert.StartsWith(secret[..10], only.Hint, StringComparison.Ordinal);
        Assert.True(only.Hint.Length < 16);
    }

    [Fact]
    public async Task After_a_rotation_old_and_new_secret_both_work_until_the_overlap_ends()
    {
        var (clientId, old) = await RegisterApprovedAsync();
        using var client = new OidcTestClient(world, clientId, old);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(old)).Status);

        var rotated = await world.Registry(r => r.RotateSecretAsync(clientId, TimeSpan.FromHours(2), RegistryActor.Operator));
        var fresh = rotated.Value!.PlainText;

        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(old)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(fresh)).Status);

        world.Clock.Offset += TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1);
        try
        {
            Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(old)).Error);
            Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(fresh)).Status);
        }
        finally
        {
            world.Clock.Offset -= TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1);
        }
    }

    [Fact]
    public async Task A_revoked_secret_stops_working_at_once_and_the_other_keeps_working()
    {
        var (clientId, old) = await RegisterApprovedAsync();
        var fresh = (await world.Registry(r => r.RotateSecretAsync(clientId, TimeSpan.FromDays(1), RegistryActor.Operator))).Value!;
        using var client = new OidcTestClient(world, clientId, old);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(old)).Status);

        var application = await world.Registry(r => r.FindAsync(clientId, RegistryActor.Operator));
        var oldId = application!.Secrets.Single(s => s.Id != fresh.Secret.Id).Id;
        Assert.True((await world.Registry(r => r.RevokeSecretAsync(clientId, oldId, RegistryActor.Operator))).Succeeded);

        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(old)).Error);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(fresh.PlainText)).Status);
    }

    /// <summary>
    /// A secret configured at registration (seeding, import) lives in the OpenIddict client only. The first rotation must
    /// keep it for the overlap like any other (it used to end at once), and revoking the new secret must leave it working.
    /// </summary>
    [Fact]
    public async Task A_configured_secret_keeps_working_through_the_first_rotation_and_the_revocation_of_the_new_secret()
    {
        var clientId = "app-" + Guid.NewGuid().ToString("N")[..10];
        const string Configured = "ein-konfiguriertes-Geheimnis-der-Anwendung";
        var created = await world.Registry(r => r.CreateWithConfiguredSecretAsync(Settings(clientId), [new RoleDefinition("leser", "Leser(in)", "Reader", null)], Configured, RegistryActor.Operator));
        Assert.True(created.Succeeded, string.Join(", ", created.Errors));
        Assert.True((await world.Registry(r => r.ApproveAsync(clientId, RegistryActor.Operator))).Succeeded);
        using var client = new OidcTestClient(world, clientId, Configured);

        var fresh = (await world.Registry(r => r.RotateSecretAsync(clientId, TimeSpan.FromDays(1), RegistryActor.Operator))).Value!;
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(Configured)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(fresh.PlainText)).Status);

        Assert.True((await world.Registry(r => r.RevokeSecretAsync(clientId, fresh.Secret.Id, RegistryActor.Operator))).Succeeded);
        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(fresh.PlainText)).Error);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(Configured)).Status);

        var listed = (await world.Registry(r => r.FindAsync(clientId, RegistryActor.Operator)))!.Secrets;
        Assert.Equal(2, listed.Count());
        Assert.DoesNotContain(listed, s => s.Hash.Contains(Configured, StringComparison.Ordinal) || s.Hint.Contains("konfiguriert", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_application_is_refused_until_approved_and_at_once_when_disabled()
    {
        var (clientId, secret) = await RegisterAsync();
        using var client = new OidcTestClient(world, clientId, secret, new Uri("https://app.example.de/signin-oidc"));
        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(secret)).Error);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.StartAuthorizeAsync("openid")).StatusCode);

        Assert.True((await world.Registry(r => r.ApproveAsync(clientId, RegistryActor.Operator))).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(secret)).Status);
        Assert.NotEqual(HttpStatusCode.BadRequest, (await client.StartAuthorizeAsync("openid")).StatusCode);

        Assert.True((await world.Registry(r => r.DisableAsync(clientId, RegistryActor.Operator))).Succeeded);
        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(secret)).Error);
        using var refused = await client.StartAuthorizeAsync("openid");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location); // told on the provider's page, not sent to the application
        Assert.Contains("unauthorized_client", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.True((await world.Registry(r => r.EnableAsync(clientId, RegistryActor.Operator))).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(secret)).Status);
    }

    [Theory]
    [InlineData("https://*.example.de/signin-oidc", "Applications.Error.UriWildcard")]
    [InlineData("http://app.example.de/signin-oidc", "Applications.Error.UriHttpOnlyLocal")]
    [InlineData("http://localhost.example.de/signin-oidc", "Applications.Error.UriHttpOnlyLocal")]
    [InlineData("http://127.0.0.1.nip.io/signin-oidc", "Applications.Error.UriHttpOnlyLocal")]
    [InlineData("https://app.example.de/signin-oidc#x", "Applications.Error.UriFragment")]
    [InlineData("https://app.example.de@evil.example/cb", "Applications.Error.UriUserInfo")]
    [InlineData("javascript:alert(1)", "Applications.Error.UriInvalid")]
    [InlineData("/signin-oidc", "Applications.Error.UriInvalid")]
    [InlineData("ftp://app.example.de/cb", "Applications.Error.UriScheme")]
    public async Task A_bad_redirect_uri_is_refused_and_nothing_is_registered(string uri, string expected)
    {
        var clientId = "bad-" + Guid.NewGuid().ToString("N")[..8];
        var result = await world.Registry(r => r.CreateAsync(Settings(clientId) with { RedirectUris = [uri] }, [], RegistryActor.Operator));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Field == "RedirectUris[0]" && e.MessageKey == expected);
        Assert.Null(await world.Registry(r => r.FindAsync(clientId, RegistryActor.Operator)));
    }

    [Theory]
    [InlineData("http://localhost:5002/signin-oidc")]
    [InlineData("http://127.0.0.1:8080/cb")]
    [InlineData("http://[::1]:8080/cb")]
    [InlineData("https://app.example.de/signin-oidc?tenant=1")]
    public void Development_and_https_addresses_are_accepted(string uri) => Assert.Null(RedirectUriRules.Check(uri));

    private async Task<(string ClientId, string Secret)> RegisterApprovedAsync()
    {
        var (clientId, secret) = await RegisterAsync();
        Assert.True((await world.Registry(r => r.ApproveAsync(clientId, RegistryActor.Operator))).Succeeded);
        return (clientId, secret);
    }

    private async Task<(string ClientId, string Secret)> RegisterAsync()
    {
        var clientId = "app-" + Guid.NewGuid().ToString("N")[..10];
        var created = await world.Registry(r => r.CreateAsync(Settings(clientId), [new RoleDefinition("leser", "Leser(in)", "Reader", null)], RegistryActor.Operator));
        Assert.True(created.Succeeded, string.Join(", ", created.Errors));
        return (clientId, created.Value!.Secret!.PlainText);
    }

    private static ApplicationSettings Settings(string clientId) => new()
    {
        ClientId = clientId,
        DisplayNameDe = "Testanwendung",
        DisplayNameEn = "Test application",
        RedirectUris = ["https://app.example.de/signin-oidc"],
        PostLogoutRedirectUris = ["https://app.example.de/signout-callback-oidc"],
        Scopes = ["openid", "profile", "ihk.org", "offline_access"],
    };
}

internal static class RegistryWorld
{
    public static Task<T> Registry<T>(this TestWorld world, Func<ApplicationRegistry, Task<T>> action) =>
        world.WithDatabaseAsync((_, services) => action(services.GetRequiredService<ApplicationRegistry>()));
}

[Collection(SqliteCollection.Name)]
public sealed class RegistryProtocolTestsOnSqlite(SqliteWorld world) : RegistryProtocolTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class RegistryProtocolTestsOnPostgreSql(PostgreSqlWorld world) : RegistryProtocolTests(world);
