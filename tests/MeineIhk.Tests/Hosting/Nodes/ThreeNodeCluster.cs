using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MeineIhk.IdentityProvider;
using MeineIhk.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;

namespace MeineIhk.Tests.Hosting.Nodes;

/// <summary>
/// Three provider nodes as real processes (the Release build, configured as an operator would, by environment) on one
/// throwaway PostgreSQL database, behind Debian's nginx on 127.0.0.1 (round robin, the options of deploy/compose), with
/// a real SMTP server and a relying party's back-channel logout endpoint that records every notice.
/// </summary>
public sealed class ThreeNodeCluster : IAsyncLifetime
{
    public const string NginxBinary = "/usr/sbin/nginx";
    public const string ManagementSecret = "cluster-management-secret-2026";
    public const int FormPostsPerMinute = 10;

    private readonly string _folder = Directory.CreateTempSubdirectory("meine-ihk-nodes-").FullName;
    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal);
    private Process? _nginx;
    private WebApplication? _relyingParty;

    /// <summary>Why the cluster cannot run here, or null.</summary>
    public static string? SkipReason =>
        !File.Exists(NginxBinary) ? "the multi-node test needs Debian's nginx (/usr/sbin/nginx; .ci/run installs nginx-light)"
        : !File.Exists("/usr/lib/postgresql/15/bin/initdb") ? "the multi-node test needs the PostgreSQL 15 binaries (/usr/lib/postgresql/15/bin)"
        : !File.Exists(Path.Combine(ProviderProcess.InstallationFolder, "MeineIhk.IdentityProvider.dll")) ? "the provider is not built at " + ProviderProcess.InstallationFolder
        : null;

    public TestSmtpServer Smtp { get; } = new();

    public ProviderProcess?[] Nodes { get; } = new ProviderProcess?[3];

    public Uri[] NodeUrls { get; } = new Uri[3];

    public Uri ProxyUrl { get; private set; } = null!;

    public Uri RelyingPartyUrl { get; private set; } = null!;

    public Uri RedirectUri => new(RelyingPartyUrl, "signin-oidc");

    public Uri PostLogoutRedirectUri => new(RelyingPartyUrl, "signout-callback-oidc");

    /// <summary>Every back-channel logout notice the relying party received: the sid of each.</summary>
    public ConcurrentQueue<string> BackChannelNotices { get; } = new();

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        ConnectionString = await PostgresServer.CreateDatabaseAsync("cluster_" + Guid.NewGuid().ToString("N")[..8]);
        Smtp.Start();
        await StartRelyingPartyAsync();
        ProxyUrl = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        for (var i = 0; i < 3; i++)
        {
            NodeUrls[i] = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        }

        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Default"] = ConnectionString,
            ["Issuer"] = ProxyUrl.ToString(),
            ["Hosting:AllowHttp"] = "true",
            ["Hosting:KnownProxies:0"] = "127.0.0.1",
            ["DataProtection:Certificate:Path"] = ProductionSettings.CertificatePath,
            ["DataProtection:Certificate:Password"] = ProductionSettings.CertificatePassword,
            ["Mail:Transport"] = "Smtp",
            ["Mail:From"] = "meine ihk (Test) <noreply@meine-ihk.test>",
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
            ["Mail:PollInterval"] = "00:00:01",
            ["Demo:Seed"] = "false", // the preparer below seeds once; demo seeding is refused in Production otherwise
            ["BackChannelLogout:AllowedRanges:0"] = "127.0.0.0/8", // the test's relying party listens on loopback
            ["Mail:Throttle:PerRecipientPerHour"] = "10000",
            ["SecondFactor:RequiredForPlatformAdministrators"] = "false",
            ["SecondFactor:RequiredForChamberStaff"] = "false",
            ["SecondFactor:RequiredForDevelopers"] = "false",
            ["Demo:Password"] = TestWorld.Password,
            ["Demo:SampleAppUrl"] = RelyingPartyUrl.ToString(),
            ["Demo:SampleAppSecret"] = TestWorld.SampleSecret,
            ["Demo:ManagementClientSecret"] = ManagementSecret,
            ["Security:FormPostsPerMinutePerAddress"] = FormPostsPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:MeineIhk.SecurityEvents"] = "Error",
        })
        {
            _environment[key] = value;
        }

        // The database is migrated and seeded once, as the operator's `migrate` step does; then the three nodes start on it.
        await using (var preparer = ProviderApp.Create([], RepositoryPaths.IdentityProviderContentRoot,
            new Dictionary<string, string?>(_environment) { ["Demo:Seed"] = "true" },
            services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<MeineIhk.IdentityProvider.Seeding.DemoSeedingOutsideDevelopment>(services)))
        {
            await preparer.PrepareAsync();
        }

        await Task.WhenAll(StartNodeAsync(0), StartNodeAsync(1), StartNodeAsync(2));
        await StartNginxAsync();
    }

    public async Task StartNodeAsync(int index)
    {
        var environment = new Dictionary<string, string?>(_environment) { ["ASPNETCORE_URLS"] = NodeUrls[index].GetLeftPart(UriPartial.Authority) };
        var node = ProviderProcess.Start(environment);
        Nodes[index] = node;
        using var http = new HttpClient { BaseAddress = NodeUrls[index], Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(150); // a loaded machine: migrating and seeding take their time
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (node.HasExited)
            {
                throw new InvalidOperationException($"Node {index + 1} ended:\n{node.Error}\n{node.Output}");
            }

            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Node {index + 1} was not ready after 150 s (last answer: {last}):\n{node.Error}\n{node.Output}");
    }

    /// <summary>SIGKILL, then the process is gone; <see cref="StartNodeAsync"/> brings it back.</summary>
    public async Task KillNodeAsync(int index)
    {
        var node = Nodes[index]!;
        node.KillAbruptly();
        await node.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await node.DisposeAsync();
        Nodes[index] = null;
    }

    /// <summary>SIGTERM and wait: the node finishes what it serves and exits.</summary>
    public async Task StopNodeAsync(int index)
    {
        var node = Nodes[index]!;
        await node.StopAsync(TimeSpan.FromSeconds(30));
        await node.DisposeAsync();
        Nodes[index] = null;
    }

    /// <summary>Which node answered, from the upstream address nginx reports (X-Upstream), or -1.</summary>
    public int NodeOf(string? upstream)
    {
        for (var i = 0; i < 3; i++)
        {
            if (upstream is not null && upstream.Split(',', StringSplitOptions.TrimEntries).LastOrDefault()?.EndsWith(":" + NodeUrls[i].Port, StringComparison.Ordinal) == true)
            {
                return i;
            }
        }

        return -1;
    }

    private async Task StartRelyingPartyAsync()
    {
        RelyingPartyUrl = new Uri($"http://127.0.0.1:{FreePort.Get()}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        _relyingParty = builder.Build();
        _relyingParty.Urls.Add(RelyingPartyUrl.GetLeftPart(UriPartial.Authority));
        _relyingParty.MapPost("/signout-backchannel", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var token = new JsonWebToken(form["logout_token"].ToString());
            BackChannelNotices.Enqueue(token.TryGetPayloadValue<string>("sid", out var sid) ? sid : "sub:" + token.Subject);
            return Results.Ok();
        });
        await _relyingParty.StartAsync();
    }

    /// <summary>
    /// Takes a node out of the upstream (<c>down</c>) and reloads nginx, as operations.md asks before stopping a node: the
    /// old workers finish their requests and close their kept-alive connections, the new ones send nothing there.
    /// </summary>
    public Task DrainNodeAsync(int index) => ReloadNginxAsync(down: index);

    /// <summary>Puts every node back into the upstream.</summary>
    public Task RestoreNodesAsync() => ReloadNginxAsync(down: null);

    private string NginxFolder => Path.Combine(_folder, "nginx");

    private string NginxConfiguration => Path.Combine(NginxFolder, "nginx.conf");

    private async Task ReloadNginxAsync(int? down)
    {
        await WriteNginxConfigurationAsync(down);
        using var reload = Process.Start(NginxBinary, ["-c", NginxConfiguration, "-p", NginxFolder, "-e", Path.Combine(NginxFolder, "error.log"), "-s", "reload"]);
        await reload.WaitForExitAsync();
        if (reload.ExitCode != 0)
        {
            throw new InvalidOperationException("nginx -s reload failed with exit code " + reload.ExitCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(1)); // the new workers take over; the old ones finish what they were sending
    }

    private async Task StartNginxAsync()
    {
        var temp = NginxFolder;
        Directory.CreateDirectory(temp);
        await WriteNginxConfigurationAsync(down: null);
        _nginx = Process.Start(new ProcessStartInfo(NginxBinary, ["-c", NginxConfiguration, "-p", temp, "-e", Path.Combine(temp, "error.log")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("nginx did not start");

        using var http = new HttpClient { BaseAddress = ProxyUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(".well-known/openid-configuration");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_nginx.HasExited)
            {
            }

            if (_nginx.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("nginx did not answer: " + await _nginx.StandardError.ReadToEndAsync()
                    + (File.Exists(Path.Combine(temp, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(temp, "error.log")) : ""));
            }

            await Task.Delay(200);
        }
    }

    private async Task WriteNginxConfigurationAsync(int? down)
    {
        var temp = NginxFolder;
        var servers = string.Join("\n", NodeUrls.Select((u, i) => $"        server 127.0.0.1:{u.Port} max_fails=1 fail_timeout=2s{(i == down ? " down" : "")};"));
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        var configuration = $$"""
            {{user}}worker_processes 1;
            daemon off;
            pid {{temp}}/nginx.pid;
            error_log {{temp}}/error.log error;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                upstream meine_ihk {
            {{servers}}
                    keepalive 32;
                }
                server {
                    listen 127.0.0.1:{{ProxyUrl.Port}};
                    client_max_body_size 64m;
                    location / {
                        proxy_pass http://meine_ihk;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host {{ProxyUrl.Authority}};
                        proxy_set_header X-Forwarded-Proto http;
                        proxy_set_header X-Forwarded-For $remote_addr;
                        proxy_connect_timeout 2s;
                        proxy_next_upstream error timeout http_502 http_503 http_504;
                        add_header X-Upstream $upstream_addr always;
                    }
                }
            }
            """;
        await File.WriteAllTextAsync(NginxConfiguration, configuration);
    }

    public async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true); // the workers too: killing the master alone leaves them running
            await _nginx.WaitForExitAsync();
        }

        _nginx?.Dispose();
        foreach (var node in Nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        if (_relyingParty is not null)
        {
            await _relyingParty.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
