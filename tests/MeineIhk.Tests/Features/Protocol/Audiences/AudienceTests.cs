using System.Net;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.Tests.Features.Applications;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Protocol.Audiences;

/// <summary>
/// Every access token names its audience (RFC 9068 §3/§4, RFC 9700 §2.3, ASVS 10.3.1): the resources asked for
/// (RFC 8707), else the client's own id; introspection answers only the token's own client or the audience (RFC 7662 §2.2).
/// </summary>
public abstract class AudienceTests(TestWorld world)
{
    // A resource belongs to one application: each test's client gets APIs of its own.
    private string Api { get; } = $"https://api-{Guid.NewGuid():N}.berichtsheft.example/";

    private string SecondApi => Api + "v2/";

    [Fact]
    public async Task Rfc9068_a_user_access_token_without_resource_is_addressed_to_its_client()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid profile");
        await client.ValidateAsync(tokens.AccessToken!, audience: TestWorld.SampleClientId);
        Assert.Equal([TestWorld.SampleClientId], ConformanceClients.Audiences(tokens.AccessToken!));
    }

    [Fact]
    public async Task Rfc9068_a_client_credentials_token_without_resource_is_addressed_to_its_client()
    {
        using var client = new OidcTestClient(world);
        var tokens = await client.ClientCredentialsAsync(TestWorld.SampleSecret);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal([TestWorld.SampleClientId], ConformanceClients.Audiences(tokens.AccessToken!));
    }

    [Fact]
    public async Task Rfc8707_the_requested_resource_is_the_audience_of_user_and_client_tokens()
    {
        var (clientId, secret) = await ClientWithApisAsync();
        using var client = new OidcTestClient(world, clientId, secret);

        var user = await client.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid offline_access", new() { ["resource"] = Api });
        await client.ValidateAsync(user.AccessToken!, audience: Api);
        Assert.Equal([Api], ConformanceClients.Audiences(user.AccessToken!));
        Assert.Equal([clientId], ConformanceClients.Audiences(user.IdToken!)); // the ID token stays the client's

        var refreshed = await client.RefreshAsync(user.RefreshToken!);
        Assert.Equal([Api], ConformanceClients.Audiences(refreshed.AccessToken!));

        var machine = await client.TokenAsync(new() { ["grant_type"] = "client_credentials", ["resource"] = SecondApi });
        Assert.Equal(HttpStatusCode.OK, machine.Status);
        Assert.Equal([SecondApi], ConformanceClients.Audiences(machine.AccessToken!));
    }

    [Fact]
    public async Task Rfc8707_unregistered_resource_gives_invalid_target()
    {
        var (clientId, secret) = await ClientWithApisAsync();
        using var client = new OidcTestClient(world, clientId, secret);

        var machine = await client.TokenAsync(new() { ["grant_type"] = "client_credentials", ["resource"] = "https://elsewhere.example/api" });
        Assert.Equal(HttpStatusCode.BadRequest, machine.Status);
        Assert.Equal("invalid_target", machine.Error);

        // At authorize the error goes back to the verified redirect URI (RFC 6749 §4.1.2.1), no code with it.
        var hop = await client.AuthorizeAsync("azubi", TestWorld.Password, "openid", new Dictionary<string, string> { ["resource"] = "https://elsewhere.example/api" });
        var answer = OidcTestClient.Query(hop.RequiredRedirect);
        Assert.Equal("invalid_target", answer["error"]);
        Assert.False(answer.ContainsKey("code"));
    }

    [Fact]
    public async Task Rfc8707_the_resource_of_another_application_gives_invalid_target_and_cannot_be_registered_twice()
    {
        await ClientWithApisAsync();
        using var berichtsheft = new OidcTestClient(world);
        var token = await berichtsheft.TokenAsync(new() { ["grant_type"] = "client_credentials", ["resource"] = Api });
        Assert.Equal("invalid_target", token.Error);

        var taken = await world.Registry(r => r.CreateAsync(new ApplicationSettings
        {
            ClientId = "zweite-" + Guid.NewGuid().ToString("N")[..8], DisplayNameDe = "Zweite", DisplayNameEn = "Second", Resources = [Api],
        }, [], RegistryActor.Operator));
        Assert.Contains(taken.Errors, e => e.MessageKey == "Applications.Error.ResourceTaken");
    }

    [Fact]
    public async Task Rfc8707_a_code_cannot_be_redeemed_for_a_resource_it_was_not_granted_for()
    {
        var (clientId, secret) = await ClientWithApisAsync();
        using var client = new OidcTestClient(world, clientId, secret);
        var hop = await client.AuthorizeAsync("azubi", TestWorld.Password, "openid", new Dictionary<string, string> { ["resource"] = Api });
        var code = OidcTestClient.CodeFrom(hop.RequiredRedirect);

        var widened = await client.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = world.SampleRedirectUri.ToString(),
            ["code_verifier"] = client.Verifier, ["resource"] = SecondApi,
        });
        Assert.Equal("invalid_target", widened.Error);
    }

    [Fact]
    public async Task Rfc7662_a_foreign_client_learns_nothing_from_introspection()
    {
        using var berichtsheft = new OidcTestClient(world);
        var tokens = await berichtsheft.LoginAndRedeemAsync("azubi", TestWorld.Password, "openid profile");

        var (foreignId, foreignSecret) = await ConformanceClients.ConfidentialAsync(world, "fremd");
        using var foreign = new OidcTestClient(world, foreignId, foreignSecret);
        using var answer = await foreign.IntrospectAsync(tokens.AccessToken!);
        Assert.False(answer.RootElement.GetProperty("active").GetBoolean());
        Assert.False(answer.RootElement.TryGetProperty("sub", out _));
        Assert.False(answer.RootElement.TryGetProperty("client_id", out _));

        using var own = await berichtsheft.IntrospectAsync(tokens.AccessToken!);
        Assert.True(own.RootElement.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Rfc7662_the_resource_server_of_the_audience_may_introspect()
    {
        var (clientId, secret) = await ClientWithApisAsync();
        using var client = new OidcTestClient(world, clientId, secret);
        var machine = await client.TokenAsync(new() { ["grant_type"] = "client_credentials", ["resource"] = Api });
        using var answer = await client.IntrospectAsync(machine.AccessToken!);
        Assert.True(answer.RootElement.GetProperty("active").GetBoolean());
        Assert.Equal(Api, answer.RootElement.GetProperty("aud").ValueKind == System.Text.Json.JsonValueKind.Array
            ? answer.RootElement.GetProperty("aud")[0].GetString() : answer.RootElement.GetProperty("aud").GetString());
    }

    private Task<(string ClientId, string Secret)> ClientWithApisAsync() =>
        ConformanceClients.ConfidentialAsync(world, "apis", s => s with
        {
            Scopes = ["openid", "offline_access"],
            Resources = [Api, SecondApi],
        });

}

[Collection(SqliteCollection.Name)]
public sealed class AudienceTestsOnSqlite(SqliteWorld world) : AudienceTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class AudienceTestsOnPostgreSql(PostgreSqlWorld world) : AudienceTests(world);
