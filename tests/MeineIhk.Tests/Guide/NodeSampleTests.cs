using System.Diagnostics;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Protocol;
using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure.TestData;
using MeineIhk.Tests.Infrastructure;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Guide;

/// <summary>
/// The guide's Node.js example (samples/node-fachanwendung/app.js with openid-client) started as a real node
/// process against the test provider and logged into over HTTP: discovery, code flow with PKCE, the role
/// claim shown, a user without a role refused with 403, logout through end_session.
/// </summary>
public abstract class NodeSampleTests(TestWorld world)
{
    private const string Role = "leser";

    [NodeFact]
    public async Task A_member_with_a_role_logs_in_and_sees_the_role()
    {
        await using var app = await NodeAppAsync();
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", app.ClientId, Role);
        using var browser = new BrowserSession(app.Url);

        var page = (await browser.GetAsync(new Uri(app.Url, "login"), new(userName, TestWorld.Password))).RequiredPage;

        Assert.True(page.Status == HttpStatusCode.OK, $"{page.Status} at {page.RequestUri}: {page.Html}\n{app.Output}");
        Assert.Equal(app.Url.GetLeftPart(UriPartial.Authority), page.RequestUri.GetLeftPart(UriPartial.Authority));
        Assert.Equal(Role, page.Document.QuerySelector("#roles")?.TextContent);
        Assert.Contains("Spiel- und Spaß GmbH", page.Html, StringComparison.Ordinal);
    }

    [NodeFact]
    public async Task A_member_without_a_role_is_refused_with_403()
    {
        await using var app = await NodeAppAsync();
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", app.ClientId);
        using var browser = new BrowserSession(app.Url);

        var page = (await browser.GetAsync(new Uri(app.Url, "login"), new(userName, TestWorld.Password))).RequiredPage;

        Assert.True(page.Status == HttpStatusCode.Forbidden, $"{page.Status} at {page.RequestUri}\n{app.Output}");
        Assert.Contains("keine Rolle", page.Html, StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("#roles"));
    }

    [NodeFact]
    public async Task Logout_ends_the_local_and_the_provider_session()
    {
        await using var app = await NodeAppAsync();
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", app.ClientId, Role);
        using var browser = new BrowserSession(app.Url);
        var home = (await browser.GetAsync(new Uri(app.Url, "login"), new(userName, TestWorld.Password))).RequiredPage;
        Assert.Equal(HttpStatusCode.OK, home.Status);

        var afterLogout = (await browser.FollowAsync(await browser.SubmitAsync(home.Form("form[action='/logout']")))).RequiredPage;
        Assert.Equal(new Uri(app.Url, "abgemeldet"), afterLogout.RequestUri);

        // Both sessions are gone: the app starts a new login, and meine ihk asks for the password again.
        var again = (await browser.GetAsync(app.Url)).RequiredPage;
        Assert.Equal("/anmelden", again.RequestUri.AbsolutePath);
    }

    [NodeFact]
    public async Task With_role_required_meine_ihk_refuses_and_the_sample_shows_its_refusal_for_access_denied()
    {
        await using var app = await NodeAppAsync(roleRequired: true);
        var userName = await world.CreateMemberAsync("Spiel- und Spaß GmbH", app.ClientId);
        using var browser = new BrowserSession(app.Url);

        var refusal = (await browser.GetAsync(new Uri(app.Url, "login"), new(userName, TestWorld.Password))).RequiredPage;
        Assert.Equal(HttpStatusCode.Forbidden, refusal.Status);
        Assert.Contains("Kein Zugang zu Node-Fachanwendung", refusal.Html, StringComparison.Ordinal);

        var button = refusal.Document.QuerySelector("#return-to-application")!.QuerySelector<IHtmlButtonElement>("button");
        var back = (await browser.FollowAsync(await browser.SubmitAsync(refusal.Form("#return-to-application", submitter: button)))).RequiredPage;
        Assert.Equal("/callback", back.RequestUri.AbsolutePath);
        Assert.Equal("access_denied", OidcTestClient.Query(back.RequestUri)["error"]);
        Assert.Equal(HttpStatusCode.Forbidden, back.Status);
        Assert.Contains("Kein Zugang", back.Html, StringComparison.Ordinal);
    }

    [NodeFact]
    public async Task Without_the_test_switch_the_sample_refuses_an_http_issuer()
    {
        // The snippet is the production form: openid-client itself refuses plain http, which is why the tests need the switch.
        var app = await NodeAppAsync(waitUntilListening: false, allowHttp: false);
        await using (app)
        {
            var exitCode = await app.ExitCodeAsync();
            Assert.NotEqual(0, exitCode);
            Assert.Contains("only requests to HTTPS are allowed", app.Output, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task<NodeApp> NodeAppAsync(bool waitUntilListening = true, bool allowHttp = true, bool roleRequired = false)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "samples", "node-fachanwendung");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "openid-client")),
            "samples/node-fachanwendung/node_modules is missing: run 'npm ci' there (./test.sh does it when npm is installed).");

        var port = FreePort.Get();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var clientId = "node-" + Guid.NewGuid().ToString("N")[..8];
        var secret = ClientSecrets.Generate();
        await RegisterAsync(clientId, secret, url, roleRequired);

        var start = new ProcessStartInfo("node", "app.js")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["MEINE_IHK_ISSUER"] = world.ProviderUrl.ToString();
        start.Environment["CLIENT_ID"] = clientId;
        start.Environment["CLIENT_SECRET"] = secret;
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["BASE_URL"] = url.ToString();
        if (allowHttp)
        {
            start.Environment["MEINE_IHK_TEST_ALLOW_HTTP"] = "1"; // see app.js: the test provider speaks plain http
        }

        var app = new NodeApp(Process.Start(start)!, url, clientId, () => UnregisterAsync(clientId));
        if (waitUntilListening)
        {
            try
            {
                await app.WaitUntilListeningAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }

        return app;
    }

    private Task<bool> RegisterAsync(string clientId, string secret, Uri url, bool roleRequired) =>
        world.WithDatabaseAsync(async (db, services) =>
        {
            // What the registration pages will do (Features/Applications): the OpenIddict client and an approved
            // Fachanwendung with its role catalogue.
            await services.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = clientId,
                ClientSecret = secret,
                ClientType = ClientTypes.Confidential,
                ConsentType = ConsentTypes.Implicit,
                DisplayName = "Node-Fachanwendung",
                RedirectUris = { new Uri(url, "callback") },
                PostLogoutRedirectUris = { new Uri(url, "abgemeldet") },
                Permissions =
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                    Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Prefixes.Scope + IhkClaims.OrganisationScope,
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            });
            var application = new Fachanwendung
            {
                CreatedAt = world.Now,
                ClientId = clientId, DisplayNameDe = "Node-Fachanwendung", DisplayNameEn = "Node application",
                ApprovedAt = DateTime.UtcNow, ApprovedBy = "test", RoleRequired = roleRequired, FirstParty = true,
            };
            application.AddRole(Role, "Leser", "Reader", "Liest Berichte.");
            db.Fachanwendungen.Add(application);
            await db.SaveChangesAsync();
            services.GetRequiredService<ClientRules>().Forget();
            return true;
        });

    // The world is shared: the application leaves again, so that other tests see only the demo applications.
    private Task<bool> UnregisterAsync(string clientId) =>
        world.WithDatabaseAsync(async (db, services) =>
        {
            var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
            if (await manager.FindByClientIdAsync(clientId) is { } client)
            {
                await manager.DeleteAsync(client);
            }

            await db.Fachanwendungen.Where(f => f.ClientId == clientId).ExecuteDeleteAsync(); // roles and granted roles cascade
            services.GetRequiredService<ClientRules>().Forget();
            return true;
        });

    private sealed class NodeApp : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Func<Task> _unregister;
        private readonly System.Text.StringBuilder _output = new();

        public NodeApp(Process process, Uri url, string clientId, Func<Task> unregister)
        {
            _process = process;
            _unregister = unregister;
            Url = url;
            ClientId = clientId;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public Uri Url { get; }

        public string ClientId { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        public async Task WaitUntilListeningAsync()
        {
            using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"node app.js exited with {_process.ExitCode}:\n{Output}");
                }

                try
                {
                    using var response = await http.GetAsync("healthz");
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                await Task.Delay(100);
            }

            throw new InvalidOperationException("node app.js did not answer within 30 s:\n" + Output);
        }

        public async Task<int> ExitCodeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            await _unregister();
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NodeSampleTestsOnSqlite(SqliteWorld world) : NodeSampleTests(world);

[Collection(PostgreSqlCollection.Name)]
public sealed class NodeSampleTestsOnPostgreSql(PostgreSqlWorld world) : NodeSampleTests(world);
