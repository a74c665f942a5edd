using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Sessions;

/// <summary>
/// RP-initiated logout sends the browser back only to a post_logout_redirect_uri registered for the very client
/// that asks (exact match): no open redirect through /connect/endsession.
/// </summary>
public abstract class PostLogoutRedirectTests(SessionsWorld sessions)
{
    private TestWorld World => sessions.World;

    [Fact]
    public async Task The_registered_post_logout_redirect_uri_of_the_client_is_followed()
    {
        var (client, idToken) = await LoggedInAsync();
        var registered = new Uri(sessions.Recorder.Url, "bye/" + SessionsWorld.RecordedClientA);

        var location = await client.EndSessionAsync(idToken, registered);

        Assert.Equal(registered.GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        Assert.Equal("bye", OidcTestClient.Query(location)["state"]);
        client.Dispose();
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("https://evil.example/bye/protokoll-a")]
    [InlineData("{recorder}bye/protokoll-a/../../evil")]
    [InlineData("{recorder}bye/protokoll-a?next=https://evil.example/")]
    [InlineData("{recorder}bye/protokoll-a#https://evil.example/")]
    [InlineData("{recorder}BYE/protokoll-a")]
    [InlineData("{recorder}bye/protokoll-b")] // registered, but for another client
    [InlineData("{sampleB}signout-callback-oidc")] // registered, but for another client
    public async Task A_post_logout_redirect_uri_not_registered_for_the_client_is_refused(string target)
    {
        var (client, idToken) = await LoggedInAsync();
        var uri = target.Replace("{recorder}", sessions.Recorder.Url.ToString(), StringComparison.Ordinal)
            .Replace("{sampleB}", sessions.SampleBUrl.ToString(), StringComparison.Ordinal);

        foreach (var parameters in new[]
                 {
                     new Dictionary<string, string?> { ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = uri },
                     new Dictionary<string, string?> { ["client_id"] = SessionsWorld.RecordedClientA, ["post_logout_redirect_uri"] = uri },
                     new Dictionary<string, string?> { ["client_id"] = SessionsWorld.RecordedClientA, ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = uri },
                 })
        {
            using var response = await client.Browser.GetAsync(QueryHelpers.AddQueryString("connect/endsession", parameters));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
        }

        client.Dispose();
    }

    [Fact]
    public async Task An_end_session_request_without_parameters_asks_the_user_first_and_ends_nothing_before()
    {
        var (client, _) = await LoggedInAsync();

        // A bare GET (an image tag on a foreign page) must not log the user out (RP-Initiated Logout 1.0 §6, logout CSRF).
        using var response = await client.Browser.GetAsync("connect/endsession");

        var confirmation = (await client.Session.FollowAsync(response)).RequiredPage;
        Assert.Equal((World.ProviderUrl.Authority, "/connect/endsession/confirm"), (confirmation.RequestUri.Authority, confirmation.RequestUri.AbsolutePath));
        var home = (await client.Session.GetAsync(World.ProviderUrl)).RequiredPage;
        Assert.Equal("/", home.RequestUri.AbsolutePath);

        var done = (await client.Session.FollowAsync(await client.Session.SubmitAsync(confirmation.Form("#end-session",
            submitter: (AngleSharp.Html.Dom.IHtmlButtonElement)confirmation.Document.QuerySelector("#end-session button")!)))).RequiredPage;
        Assert.Equal((World.ProviderUrl.Authority, "/abmelden"), (done.RequestUri.Authority, done.RequestUri.AbsolutePath));
        home = (await client.Session.GetAsync(World.ProviderUrl)).RequiredPage;
        Assert.Equal("/anmelden", home.RequestUri.AbsolutePath);
        client.Dispose();
    }

    private async Task<(OidcTestClient Client, string IdToken)> LoggedInAsync()
    {
        var userName = await sessions.MemberWithRolesAsync($"{SessionsWorld.RecordedClientA}:nutzer");
        var client = new OidcTestClient(World, SessionsWorld.RecordedClientA, SessionsWorld.RecordedSecret, sessions.RedirectUriOf(SessionsWorld.RecordedClientA));
        var tokens = await client.LoginAndRedeemAsync(userName, TestWorld.Password, "openid profile");
        return (client, tokens.IdToken!);
    }
}

[Collection(SqliteSessionsCollection.Name)]
public sealed class SqlitePostLogoutRedirectTests(SqliteSessionsWorld sessions) : PostLogoutRedirectTests(sessions);

[Collection(PostgreSqlSessionsCollection.Name)]
public sealed class PostgreSqlPostLogoutRedirectTests(PostgreSqlSessionsWorld sessions) : PostLogoutRedirectTests(sessions);
