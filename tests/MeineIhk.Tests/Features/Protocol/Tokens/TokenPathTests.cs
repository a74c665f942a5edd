using System.Net;
using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Protocol.Tokens;

/// <summary>The fast token path keeps the contract: secrets, client changes, revocation without access-token rows.</summary>
public abstract class TokenPathTests(TestWorld world)
{
    private const string OrgScopes = "openid profile email offline_access ihk.org";

    [Fact]
    public async Task A_generated_secret_is_stored_as_a_fast_hash_and_authenticates_its_client()
    {
        var secret = ClientSecrets.Generate();
        var clientId = await CreateBackendAsync(secret);

        using var client = new OidcTestClient(world, clientId, secret);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(secret)).Status);
        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(ClientSecrets.Generate())).Error);
        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(secret[..^1])).Error);

        var stored = await StoredSecretAsync(clientId);
        Assert.StartsWith(ClientSecrets.HashPrefix, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_secret_keeps_the_slow_hash()
    {
        var stored = await StoredSecretAsync(TestWorld.SampleClientId);
        Assert.False(ClientSecrets.IsFastHash(stored));

        using var client = new OidcTestClient(world);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(TestWorld.SampleSecret)).Status);
    }

    [Fact]
    public async Task A_rotated_secret_counts_at_once_although_clients_are_cached()
    {
        var old = ClientSecrets.Generate();
        var clientId = await CreateBackendAsync(old);
        using var client = new OidcTestClient(world, clientId, old);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(old)).Status); // now cached

        var rotated = ClientSecrets.Generate();
        await world.WithDatabaseAsync(async (_, services) =>
        {
            var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
            var application = await manager.FindByClientIdAsync(clientId) ?? throw new InvalidOperationException("client missing");
            var descriptor = new OpenIddictApplicationDescriptor();
            await manager.PopulateAsync(descriptor, application);
            descriptor.ClientSecret = rotated;
            await manager.UpdateAsync(application, descriptor);
            return true;
        });

        Assert.Equal("invalid_client", (await client.ClientCredentialsAsync(old)).Error);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync(rotated)).Status);
    }

    [Fact]
    public async Task Access_and_ID_tokens_leave_no_row_while_codes_and_refresh_tokens_keep_theirs()
    {
        var before = await CountTokensAsync();
        using var backend = new OidcTestClient(world);
        var credentials = await backend.ClientCredentialsAsync(TestWorld.SampleSecret);
        Assert.Equal(HttpStatusCode.OK, credentials.Status);
        Assert.Equal(before, await CountTokensAsync());

        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, OrgScopes);
        Assert.NotNull(tokens.RefreshToken);
        Assert.NotNull(tokens.IdToken);
        var after = await CountTokensAsync();
        Assert.Equal(before.AccessTokens, after.AccessTokens);
        Assert.Equal(before.IdTokens, after.IdTokens);
        Assert.True(after.Others >= before.Others + 2, "the code and the refresh token have rows");

        using var introspection = await client.IntrospectAsync(tokens.AccessToken!);
        Assert.True(introspection.RootElement.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_reused_refresh_token_ends_the_access_tokens_of_its_chain()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, OrgScopes);
        var refreshed = await client.RefreshAsync(tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);

        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens.RefreshToken!)).Error);

        foreach (var accessToken in new[] { tokens.AccessToken!, refreshed.AccessToken! })
        {
            using var introspection = await client.IntrospectAsync(accessToken);
            Assert.False(introspection.RootElement.GetProperty("active").GetBoolean());
        }

        Assert.Equal("invalid_grant", (await client.RefreshAsync(refreshed.RefreshToken!)).Error);
    }

    [Fact]
    public async Task A_revoked_authorization_ends_its_access_tokens_at_userinfo()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, OrgScopes);
        using (await client.UserInfoAsync(tokens.AccessToken!))
        {
        }

        var authorizationId = (await client.ValidateAsync(tokens.AccessToken!, null)).GetClaim("oi_au_id").Value;
        await world.WithDatabaseAsync(async (_, services) =>
        {
            var authorizations = services.GetRequiredService<IOpenIddictAuthorizationManager>();
            return await authorizations.TryRevokeAsync((await authorizations.FindByIdAsync(authorizationId))!);
        });

        using var http = new HttpClient { BaseAddress = world.ProviderUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "connect/userinfo");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_JWKS_publishes_only_public_keys_although_codes_and_refresh_tokens_use_a_symmetric_one()
    {
        using var http = new HttpClient { BaseAddress = world.ProviderUrl };
        using var jwks = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(".well-known/jwks"));
        var keys = jwks.RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.Contains(key.GetProperty("kty").GetString(), new[] { "RSA", "EC" });
            Assert.False(key.TryGetProperty("k", out _));
            Assert.False(key.TryGetProperty("d", out _));
        }
    }

    [Fact]
    public async Task Discovery_and_JWKS_come_from_the_output_cache_after_the_first_answer()
    {
        using var http = new HttpClient { BaseAddress = world.ProviderUrl };
        foreach (var path in new[] { ".well-known/openid-configuration", ".well-known/jwks" })
        {
            var first = await http.GetStringAsync(path);
            using var second = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal(first, await second.Content.ReadAsStringAsync());
            Assert.NotNull(second.Headers.Age);
            Assert.Equal("nosniff", second.Headers.GetValues("X-Content-Type-Options").Single());
        }

        // Not a document: never cached.
        using var token = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }));
        Assert.Null(token.Headers.Age);
    }

    private Task<string> CreateBackendAsync(string secret) =>
        world.WithDatabaseAsync(async (_, services) =>
        {
            var clientId = "backend-" + Guid.NewGuid().ToString("N")[..8];
            await services.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = clientId,
                ClientSecret = secret,
                ClientType = ClientTypes.Confidential,
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            });
            return clientId;
        });

    private Task<string> StoredSecretAsync(string clientId) =>
        world.WithDatabaseAsync(async (db, _) =>
            (await db.Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking().SingleAsync(a => a.ClientId == clientId)).ClientSecret!);

    private Task<(int AccessTokens, int IdTokens, int Others)> CountTokensAsync() =>
        world.WithDatabaseAsync(async (db, _) =>
        {
            var tokens = db.Set<OpenIddictEntityFrameworkCoreToken>().AsNoTracking();
            var access = await tokens.CountAsync(t => t.Type == TokenTypeIdentifiers.AccessToken);
            var identity = await tokens.CountAsync(t => t.Type == TokenTypeIdentifiers.IdentityToken);
            return (access, identity, await tokens.CountAsync() - access - identity);
        });
}

[Collection(SqliteCollection.Name)]
public sealed class TokenPathTestsOnSqlite(SqliteWorld world) : TokenPathTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class TokenPathTestsOnPostgreSql(PostgreSqlWorld world) : TokenPathTests(world);
