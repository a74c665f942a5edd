using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Applications;

/// <summary>Page objects and people for the /anwendungen and /plattform pages: real forms over HTTP.</summary>
internal static class ApplicationPages
{
    public const string Organisation = "Spiel- und Spaß GmbH";

    /// <summary>A loopback address the tests never serve: the OIDC test client reads the code from the redirect's Location.</summary>
    public static readonly Uri RedirectUri = new("http://127.0.0.1:9/signin-oidc");

    /// <summary>A fresh confirmed user holding the given platform role (or none).</summary>
    public static Task<string> CreatePersonAsync(this TestWorld world, string? platformRole) =>
        world.WithDatabaseAsync(async (_, services) =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var userName = "dev" + Guid.NewGuid().ToString("N")[..10];
            var user = new ApplicationUser
            {
                CreatedAt = world.Now,
                UserName = userName,
                Email = userName + "@example.org",
                EmailConfirmed = true,
                GivenName = "Test",
                FamilyName = userName,
            };
            Assert.True((await users.CreateAsync(user, TestWorld.Password)).Succeeded);
            if (platformRole is not null)
            {
                Assert.True((await users.AddToRoleAsync(user, platformRole)).Succeeded);
            }

            return userName;
        });

    public static async Task<BrowserSession> LoggedInAsync(this TestWorld world, string userName)
    {
        var session = new BrowserSession(world.ProviderUrl);
        var home = await session.GetAsync(new Uri(world.ProviderUrl, "/"), new BrowserSession.Credentials(userName, TestWorld.Password));
        Assert.Equal(HttpStatusCode.OK, home.RequiredPage.Status);
        return session;
    }

    public static async Task<HtmlPage> PageAsync(this BrowserSession session, string path)
    {
        var page = (await session.GetAsync(new Uri(session.Http.BaseAddress!, path))).RequiredPage;
        return page;
    }

    public static async Task<HtmlPage> SubmitAsync(this BrowserSession session, HtmlPage page, string form,
        IReadOnlyDictionary<string, string>? values = null, IEnumerable<KeyValuePair<string, string>>? extra = null, string? button = null)
    {
        var submitter = button is null ? null : page.Document.QuerySelector(form)!.QuerySelector<IHtmlButtonElement>(button);
        var request = page.Form(form, values, submitter);
        request.Fields.AddRange(extra ?? []);
        return (await session.FollowAsync(await session.SubmitAsync(request))).RequiredPage;
    }

    /// <summary>Registers a confidential application through /anwendungen/neu; answers the page that shows the secret.</summary>
    public static async Task<HtmlPage> RegisterAsync(this BrowserSession session, string clientId, string redirectUris, params string[] extraScopes)
    {
        var form = await session.PageAsync("/anwendungen/neu");
        return await session.SubmitAsync(form, "#application-form", new Dictionary<string, string>
        {
            ["Input.DisplayNameDe"] = "Testportal",
            ["Input.DisplayNameEn"] = "Test portal",
            ["Input.ClientId"] = clientId,
            ["Input.RedirectUris"] = redirectUris,
            ["Input.PostLogoutRedirectUris"] = "",
        }, extraScopes.Select(s => KeyValuePair.Create("Input.Scopes", s)));
    }

    public static string Secret(this HtmlPage page) =>
        page.Document.QuerySelector<IHtmlInputElement>("#client-secret")?.Value
            ?? throw new InvalidOperationException("No secret on " + page.RequestUri + ": " + page.Document.QuerySelector(".error-summary")?.TextContent);

    /// <summary>Approves on the platform page; <paramref name="firstParty"/> presses "Als Erstanbieter freigeben" (users are not asked for consent).</summary>
    public static async Task ApproveAsync(this BrowserSession admin, string clientId, bool firstParty = false)
    {
        var platform = await admin.PageAsync("/plattform");
        var form = platform.Document.QuerySelectorAll<IHtmlFormElement>(".approve-form")
            .Single(f => f.QuerySelector<IHtmlInputElement>("input[name=clientId]")!.Value == clientId);
        form.Id = "approve-" + clientId;
        var done = await admin.SubmitAsync(platform, "#approve-" + clientId, button: firstParty ? "button[name=firstParty]" : null);
        Assert.Contains(clientId, done.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
    }

    public static Task<RegisteredApplication?> FindAsync(this TestWorld world, string clientId) =>
        world.Registry(r => r.FindAsync(clientId, RegistryActor.Operator));

    public static string NewClientId() => "ui-" + Guid.NewGuid().ToString("N")[..10];
}
