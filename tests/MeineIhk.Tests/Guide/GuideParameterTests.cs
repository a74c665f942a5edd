using System.Net;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Guide;

/// <summary>
/// The authorize parameters of the guide's section 6 over real HTTP. org_hint and the organisation choice are
/// tested in Protocol/ProtocolTests (A_user_with_roles_in_two_organisations_chooses_one_and_org_hint_preselects).
/// </summary>
public abstract class GuideParameterTests(TestWorld world)
{
    private const string Scopes = "openid profile ihk.org";

    [Fact]
    public async Task Prompt_none_without_a_session_answers_login_required()
    {
        using var client = new OidcTestClient(world);
        var response = await client.StartAuthorizeAsync(Scopes, new Dictionary<string, string> { ["prompt"] = "none" });
        Assert.Equal("login_required", ErrorAt(response));
    }

    [Fact]
    public async Task Prompt_none_with_two_candidate_organisations_answers_account_selection_required()
    {
        using var client = new OidcTestClient(world);
        await client.LoginAndRedeemAsync("ausbilder", TestWorld.Password, "openid"); // a session, no organisation asked for
        var response = await client.StartAuthorizeAsync(Scopes, new Dictionary<string, string> { ["prompt"] = "none" });
        Assert.Equal("account_selection_required", ErrorAt(response));
    }

    [Fact]
    public async Task Prompt_none_for_a_role_required_client_and_a_user_without_role_answers_access_denied()
    {
        using var client = new OidcTestClient(world, "pruefungsanmeldung", clientSecret: null, new Uri("http://localhost:5003/signin-oidc"));
        var login = await client.AuthorizeUntilPageAsync("ohnerolle", TestWorld.Password, Scopes); // the refusal page; the session exists now
        Assert.Equal(HttpStatusCode.Forbidden, login.Status);
        var response = await client.StartAuthorizeAsync(Scopes, new Dictionary<string, string> { ["prompt"] = "none" });
        Assert.Equal("access_denied", ErrorAt(response));
    }

    [Fact]
    public async Task Prompt_login_asks_for_the_password_again_although_a_session_exists()
    {
        using var client = new OidcTestClient(world);
        await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);
        var page = (await client.Session.FollowAsync(await client.StartAuthorizeAsync(Scopes, new Dictionary<string, string> { ["prompt"] = "login" }))).RequiredPage;
        Assert.Equal("/anmelden", page.RequestUri.AbsolutePath);

        // After the password the flow goes on to the application, without asking again.
        var hop = await client.Session.FollowAsync(await client.Session.SubmitAsync(page.Form("#login-form", new BrowserSession.Credentials("azubi", TestWorld.Password).FormValues)), stopAt: u => u.AbsolutePath == "/signin-oidc");
        Assert.NotNull(hop.Redirect);
        Assert.Contains("code", OidcTestClient.Query(hop.RequiredRedirect).Keys);
    }

    [Fact]
    public async Task Max_age_zero_asks_for_the_password_again_and_a_long_max_age_keeps_the_session()
    {
        using var client = new OidcTestClient(world);
        await client.LoginAndRedeemAsync("azubi", TestWorld.Password, Scopes);

        var kept = await client.StartAuthorizeAsync(Scopes, new Dictionary<string, string> { ["max_age"] = "3600" });
        Assert.True(HtmlPage.IsRedirect(kept));
        Assert.Equal("/signin-oidc", new Uri(world.ProviderUrl, kept.Headers.Location!).AbsolutePath);

        var page = (await client.Session.FollowAsync(await client.StartAuthorizeAsync(Scopes, new Dictionary<string, string> { ["max_age"] = "0" }))).RequiredPage;
        Assert.Equal("/anmelden", page.RequestUri.AbsolutePath);
    }

    [Theory]
    [InlineData("en", "en")]
    [InlineData("de", "de")]
    public async Task Ui_locales_chooses_the_language_of_the_login_page(string uiLocales, string htmlLang)
    {
        using var client = new OidcTestClient(world);
        var page = (await client.Session.FollowAsync(await client.StartAuthorizeAsync(Scopes, new Dictionary<string, string> { ["ui_locales"] = uiLocales }))).RequiredPage;
        Assert.Equal("/anmelden", page.RequestUri.AbsolutePath);
        Assert.StartsWith(htmlLang, page.Document.DocumentElement.GetAttribute("lang"), StringComparison.Ordinal);
    }

    private string ErrorAt(HttpResponseMessage response)
    {
        Assert.True(HtmlPage.IsRedirect(response), $"Expected a redirect to the client, got {(int)response.StatusCode}");
        return OidcTestClient.Query(new Uri(world.ProviderUrl, response.Headers.Location!))["error"];
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GuideParameterTestsOnSqlite(SqliteWorld world) : GuideParameterTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class GuideParameterTestsOnPostgreSql(PostgreSqlWorld world) : GuideParameterTests(world);
