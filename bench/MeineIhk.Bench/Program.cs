using System.Globalization;
using MeineIhk.Bench;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Protocol.ClientAuthentication;
using MeineIhk.IdentityProvider.Features.Protocol.Clients;
using MeineIhk.IdentityProvider.Features.Protocol.Tokens;
using Microsoft.AspNetCore.Identity;
using Npgsql;

// bench/run.sh starts PostgreSQL and calls this. It starts our provider (PostgreSQL and SQLite) and the node peer
// on 127.0.0.1, drives them with the same load generator back to back, and prints the table (see docs/performance.md).
var options = BenchOptions.Parse(args);
var report = new Report();
var stamp = DateTime.UtcNow;
var runFolder = Path.Combine(options.Repository, "bench", "results", stamp.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
Directory.CreateDirectory(runFolder);
var secret = ClientSecrets.Generate();
const string Password = "Bench-Passwort-2026!";
var providerDll = Path.Combine(options.Repository, "src", "IdentityProvider", "bin", "Release", "net10.0", "MeineIhk.IdentityProvider.dll");
var contentRoot = Path.Combine(options.Repository, "src", "IdentityProvider");
var redirect = new Uri("http://127.0.0.1:9/signin-oidc");

report.Line($"# meine ihk benchmark, {stamp:yyyy-MM-dd HH:mm} UTC");
report.Line();
report.Line($"- machine: {Environment.ProcessorCount} cores, {CpuModel()}, load average before the run {LoadAverage()}");
report.Line($"- load: {options.Concurrency} virtual clients, each server first burnt in for {options.BurnIn.TotalSeconds:0} s per scenario (the JIT's tiering settles), then per round {options.WarmUp.TotalSeconds:0} s warm-up, {options.Duration.TotalSeconds:0} s measured, median of {options.Rounds} round(s), servers back to back");
report.Line("- load generator, servers and PostgreSQL share the machine; `CPU s / 1,000` is the server process's user+system time per 1,000 iterations");
report.Line(options.RuntimeDefaults ? "- ours with the .NET runtime's defaults (server GC)" : "- ours with the small-node runtime settings: DOTNET_gcServer=0, DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0");

// The floor of the login scenario: one ASP.NET Core Identity password hash (the provider's hasher, its defaults).
// Its CPU time, not its wall time, gives the floor: on a busy machine the wall time says more about the neighbours.
var (hashWallMs, hashCpuMs) = MeasureHash();
var hashFloor = Environment.ProcessorCount / (hashCpuMs / 1000);
report.Line($"- one password hash (ASP.NET Core Identity, PBKDF2): {hashCpuMs:0.0} ms CPU ({hashWallMs:0.0} ms wall) → floor {hashFloor:0} logins/s on {Environment.ProcessorCount} idle cores");
report.Line();

var servers = new List<ServerProcess>();
var seeded = new HashSet<string>(StringComparer.Ordinal); // databases the demo data is in already
try
{
    var mainDatabase = await CreateDatabaseAsync("bench_main");
    var scaleSmall = new[] { "--users", "10000", "--organisations", "1000", "--large-organisation", "5000" };
    await SeedScaleAsync(mainDatabase, scaleSmall);

    var oursPg = await StartOursAsync("ours PostgreSQL", "PostgreSql", mainDatabase, "RS256");
    var scenarios = Scenarios.All.Where(s => options.Only.Length == 0 || options.Only.Any(o => s.Name.StartsWith(o, StringComparison.OrdinalIgnoreCase))).ToList();
    if (!options.ScaleOnly)
    {
        await CompareWithPeerAsync(oursPg, scenarios);
    }

    if (options.Scale)
    {
        await CompareScalesAsync(oursPg, scenarios);
    }

    report.Line($"Load average after the run: {LoadAverage()}. Logs: {runFolder}");
    await report.SaveAsync(Path.Combine(runFolder, "report.md"));
    return 0;
}
finally
{
    foreach (var server in servers)
    {
        await server.DisposeAsync();
    }
}

async Task CompareWithPeerAsync(Target oursPg, List<Scenarios.Scenario> scenarios)
{
    var mainDatabase = oursPg.ConnectionString;
    var oursSqlite = await StartOursAsync("ours SQLite", "Sqlite", $"Data Source={Path.Combine(runFolder, "bench.db")}", "RS256");
    var peer = await StartPeerAsync("peer oidc-provider", "RS256");
    var medians = new Dictionary<(string Scenario, string Server), LoadResult>();

    await BurnInAsync(scenarios, [oursPg, peer, oursSqlite]);
    report.Line("## Ours beside the peer (RS256)");
    report.Line();
    report.Header();
    foreach (var scenario in scenarios)
    {
        var targets = scenario.OursOnly ? new[] { oursPg, oursSqlite } : new[] { oursPg, peer, oursSqlite };
        var rounds = await RoundsAsync(scenario, targets);
        var peerResult = rounds.TryGetValue(peer, out var p) ? p : null;
        foreach (var target in targets)
        {
            medians[(scenario.Name, target.Server.Name)] = rounds[target];
            report.Row(scenario.Name, scenario.Unit, target.Server.Name, rounds[target], peerResult);
        }
    }

    report.Line();
    if (medians.TryGetValue((Scenarios.PasswordLogin.Name, oursPg.Server.Name), out var logins))
    {
        report.Line($"Password login: {logins.PerSecond:0} logins/s = {logins.PerSecond / hashFloor:P0} of the hash floor ({hashFloor:0}/s) on this busy machine; " +
            $"CPU per login {logins.CpuSecondsPer1000:0.0} ms, per hash {hashCpuMs:0.0} ms: one login costs {logins.CpuSecondsPer1000 / hashCpuMs:0.00} hashes of CPU (target: at most 1.11).");
        report.Line();
    }

    // p99 at half of the maximum throughput, open loop, for the token scenarios on PostgreSQL.
    report.Line("## p99 latency at half of the maximum throughput (ours, PostgreSQL, open loop)");
    report.Line();
    report.Line("| scenario | rate per s | p50 ms | p99 ms | errors |");
    report.Line("|---|---:|---:|---:|---:|");
    foreach (var scenario in scenarios.Where(s => s.TokenScenario))
    {
        var max = medians[(scenario.Name, oursPg.Server.Name)].PerSecond;
        var half = await LoadGenerator.RunAsync(i => scenario.CreateClient(oursPg, i), options.Concurrency, options.WarmUp, options.Duration, oursPg.Server.Probe, max / 2);
        report.Line($"| {scenario.Name} | {max / 2:N0} | {half.P50Ms:0.0} | {half.P99Ms:0.0} | {half.Errors} |");
    }

    report.Line();

    if (options.Es256)
    {
        await oursSqlite.Server.DisposeAsync();
        await peer.Server.DisposeAsync();
        servers.Remove(oursSqlite.Server);
        servers.Remove(peer.Server);
        var oursEs = await StartOursAsync("ours PostgreSQL ES256", "PostgreSql", mainDatabase, "ES256");
        var peerEs = await StartPeerAsync("peer ES256", "ES256");
        await BurnInAsync(scenarios.Where(s => s.TokenScenario), [oursEs, peerEs]);
        report.Line("## ES256 (Tokens:SigningAlgorithm=ES256, the peer with ES256 too)");
        report.Line();
        report.Header();
        foreach (var scenario in scenarios.Where(s => s.TokenScenario))
        {
            var rounds = await RoundsAsync(scenario, [oursEs, peerEs]);
            report.Row(scenario.Name, scenario.Unit, oursEs.Server.Name, rounds[oursEs], rounds[peerEs]);
            report.Row(scenario.Name, scenario.Unit, peerEs.Server.Name, rounds[peerEs], null);
        }

        report.Line();
        await oursEs.Server.DisposeAsync();
        await peerEs.Server.DisposeAsync();
        servers.Remove(oursEs.Server);
        servers.Remove(peerEs.Server);
    }
}

async Task CompareScalesAsync(Target oursPg, List<Scenarios.Scenario> scenarios)
{
    var mainDatabase = oursPg.ConnectionString;
    {
        var users = options.ScaleUsers;
        var bigDatabase = await CreateDatabaseAsync("bench_scale");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await SeedScaleAsync(bigDatabase, ["--users", users.ToString(CultureInfo.InvariantCulture), "--organisations", (users / 10).ToString(CultureInfo.InvariantCulture), "--large-organisation", "5000"]);
        var seedTime = clock.Elapsed;
        var oursBig = await StartOursAsync($"ours PostgreSQL {users:N0} users", "PostgreSql", bigDatabase, "RS256");

        // The 10,000-user server was burnt in by the comparison with the peer, unless that step was skipped.
        await BurnInAsync(scenarios.Where(s => s.TokenScenario), options.ScaleOnly ? [oursPg, oursBig] : [oursBig]);
        report.Line($"## Scale: 10,000 versus {users:N0} users (PostgreSQL; seeding {users:N0} users, {users / 10:N0} organisations, {users * 2 + 5000:N0} memberships with roles took {seedTime.TotalMinutes:0.0} min)");
        report.Line();
        report.Line($"| scenario | 10,000 users per s | {users:N0} users per s | ratio | p99 ms 10k | p99 ms big |");
        report.Line("|---|---:|---:|---:|---:|---:|");
        foreach (var scenario in scenarios.Where(s => s.TokenScenario))
        {
            var rounds = await RoundsAsync(scenario, [oursPg, oursBig]);
            report.Line($"| {scenario.Name} | {rounds[oursPg].PerSecond:N0} | {rounds[oursBig].PerSecond:N0} | {rounds[oursBig].PerSecond / rounds[oursPg].PerSecond:0.00} | {rounds[oursPg].P99Ms:0.0} | {rounds[oursBig].P99Ms:0.0} |");
        }

        report.Line();
        report.Line("Member list (MemberDirectory.FindAsync, 50 per page, called directly; the organisation sizes are equal at both scales):");
        report.Line();
        report.Line($"| case | p50 ms 10k | p95 ms 10k | p50 ms big | p95 ms big | members |");
        report.Line("|---|---:|---:|---:|---:|---:|");
        var small = await MemberListProbe.MeasureAsync(mainDatabase, contentRoot);
        var big = await MemberListProbe.MeasureAsync(bigDatabase, contentRoot);
        foreach (var (a, b) in small.Zip(big))
        {
            report.Line($"| {a.Name} | {a.P50Ms:0.0} | {a.P95Ms:0.0} | {b.P50Ms:0.0} | {b.P95Ms:0.0} | {b.Total:N0} |");
        }

        report.Line();
        await oursBig.Server.DisposeAsync();
        servers.Remove(oursBig.Server);
    }
}

// A server answers its first tens of thousands of requests with code the JIT has not finished optimising (.NET
// tiers methods up in the background; V8 does the same). Production nodes run for days, so every server gets the
// same unmeasured load per scenario before the rounds; without it the first round measured ours at a third of
// its steady rate.
async Task BurnInAsync(IEnumerable<Scenarios.Scenario> scenarios, Target[] targets)
{
    foreach (var scenario in scenarios)
    {
        foreach (var target in targets.Where(t => !(scenario.OursOnly && t.IsPeer)))
        {
            var result = await LoadGenerator.RunAsync(i => scenario.CreateClient(target, i), options.Concurrency, TimeSpan.Zero, options.BurnIn, target.Server.Probe);
            Console.Error.WriteLine($"  burn-in {scenario.Name} / {target.Server.Name}: {result.PerSecond:0}/s");
        }
    }
}

async Task<Dictionary<Target, LoadResult>> RoundsAsync(Scenarios.Scenario scenario, Target[] targets)
{
    var results = targets.ToDictionary(t => t, _ => new List<LoadResult>());
    for (var round = 0; round < options.Rounds; round++)
    {
        foreach (var target in targets)
        {
            var result = await LoadGenerator.RunAsync(i => scenario.CreateClient(target, i), options.Concurrency, options.WarmUp, options.Duration, target.Server.Probe);
            Console.Error.WriteLine($"  {scenario.Name} / {target.Server.Name} / round {round + 1}: {result.PerSecond:0}/s p99 {result.P99Ms:0.0} ms, {result.Errors} errors");
            results[target].Add(result);
        }
    }

    return results.ToDictionary(r => r.Key, r => Report.Median(r.Value));
}

async Task<Target> StartOursAsync(string name, string provider, string connectionString, string algorithm)
{
    var port = ServerProcess.FreePort();
    var url = new Uri($"http://127.0.0.1:{port}/");
    await SeedDemoAsync(name, provider, connectionString, algorithm);
    var environment = OursEnvironment(provider, connectionString, algorithm);
    environment["Issuer"] = url.ToString();
    var server = await ServerProcess.StartAsync(name, "dotnet", [providerDll, "--urls", url.ToString().TrimEnd('/'), "--contentRoot", contentRoot],
        environment, url, "healthz", Path.Combine(runFolder, name.Replace(' ', '-') + ".log"));
    servers.Add(server);
    var target = new Target
    {
        Server = server, IsPeer = false, ClientId = "berichtsheft", ClientSecret = secret, UserInfoClientId = "berichtsheft",
        RedirectUri = redirect, UserPassword = Password, ConnectionString = connectionString,
    };
    await target.ReadDiscoveryAsync();
    return target;
}

// Demo data is seeded in Development only (Seeding/DemoData): one Development start seeds the database (it is idempotent),
// then the measured node runs as Production on it.
async Task SeedDemoAsync(string name, string provider, string connectionString, string algorithm)
{
    if (!seeded.Add(connectionString))
    {
        return;
    }

    var url = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}/");
    var environment = OursEnvironment(provider, connectionString, algorithm);
    environment["ASPNETCORE_ENVIRONMENT"] = "Development";
    environment["Demo__Seed"] = "true";
    environment["Issuer"] = url.ToString();
    await using var seeder = await ServerProcess.StartAsync(name + " seeding", "dotnet", [providerDll, "--urls", url.ToString().TrimEnd('/'), "--contentRoot", contentRoot],
        environment, url, "healthz", Path.Combine(runFolder, name.Replace(' ', '-') + "-seeding.log"));
}

async Task<Target> StartPeerAsync(string name, string algorithm)
{
    var port = ServerProcess.FreePort();
    var url = new Uri($"http://127.0.0.1:{port}/");
    var server = await ServerProcess.StartAsync(name, "node", [Path.Combine(options.Repository, "bench", "peer", "server.js")], new Dictionary<string, string>
    {
        ["PEER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
        ["PEER_ALG"] = algorithm,
        ["PEER_CLIENT_SECRET"] = secret,
        ["PEER_REDIRECT_URI"] = redirect.ToString(),
        ["PEER_USERS"] = options.Concurrency.ToString(CultureInfo.InvariantCulture),
        ["NODE_ENV"] = "production",
    }, url, ".well-known/openid-configuration", Path.Combine(runFolder, name.Replace(' ', '-') + ".log"));
    servers.Add(server);
    var target = new Target
    {
        Server = server, IsPeer = true, ClientId = "berichtsheft", ClientSecret = secret, UserInfoClientId = "berichtsheft-userinfo",
        RedirectUri = redirect, UserPassword = Password,
    };
    await target.ReadDiscoveryAsync();
    return target;
}

Dictionary<string, string> OursEnvironment(string provider, string connectionString, string algorithm) => new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["DOTNET_NOLOGO"] = "1",
    ["Database__Provider"] = provider,
    ["ConnectionStrings__Default"] = connectionString,
    ["Hosting__AllowHttp"] = "true",
    ["Demo__Seed"] = "false", // seeded once by SeedDemoAsync: demo data is refused outside Development
    ["Demo__Password"] = Password,
    ["Demo__SampleAppUrl"] = "http://127.0.0.1:9/",
    ["Demo__SampleAppSecret"] = secret,
    ["Security__FormPostsPerMinutePerAddress"] = "100000000",
    ["Security__TokenRequestsPerMinutePerClient"] = "100000000",
    ["Security__TokenRequestsPerMinutePerAddress"] = "100000000",
    ["Tokens__SigningAlgorithm"] = algorithm,
    ["Mail__Transport"] = "Folder",
    ["Logging__LogLevel__Default"] = "Warning",
    // Production refuses to start without these (docs/operations.md, "Fail fast"); StartOursAsync sets the real issuer.
    ["Issuer"] = "http://127.0.0.1/",
    ["Database__SingleNode"] = "true",
    ["DataProtection__Certificate__Path"] = KeyRingCertificate(runFolder),
    ["DataProtection__Certificate__Password"] = KeyRingPassword,
}.Concat(options.RuntimeDefaults ? [] : SmallNodeRuntime()).ToDictionary();

// A throwaway certificate for the key ring of the bench's nodes, one per run.
static string KeyRingCertificate(string folder)
{
    var path = Path.Combine(folder, "keyring.pfx");
    if (!File.Exists(path))
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=meine ihk bench key ring", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, KeyRingPassword));
    }

    return path;
}

// Runtime settings for a node with few cores (docs/performance.md): workstation GC (less memory, no GC threads
// spinning per core) and no spinning of idle thread-pool workers, which on an oversubscribed machine burns CPU.
static KeyValuePair<string, string>[] SmallNodeRuntime() =>
[
    KeyValuePair.Create("DOTNET_gcServer", "0"),
    KeyValuePair.Create("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0"),
];

async Task<string> CreateDatabaseAsync(string name)
{
    var server = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = options.PostgresPort, Username = "postgres", Database = "postgres" };
    await using (var connection = new NpgsqlConnection(server.ConnectionString))
    {
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", connection);
        await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    server.Database = name;
    server.MaxPoolSize = 100;
    return server.ConnectionString;
}

async Task SeedScaleAsync(string connectionString, string[] scale)
{
    await SeedDemoAsync("ours PostgreSQL", "PostgreSql", connectionString, "RS256"); // seed-scale adds to the demo data
    var environment = OursEnvironment("PostgreSql", connectionString, "RS256");
    var start = new System.Diagnostics.ProcessStartInfo("dotnet") { UseShellExecute = false };
    foreach (var argument in new[] { providerDll, "seed-scale", "--contentRoot", contentRoot }.Concat(scale))
    {
        start.ArgumentList.Add(argument);
    }

    foreach (var (key, value) in environment)
    {
        start.Environment[key] = value;
    }

    using var process = System.Diagnostics.Process.Start(start)!;
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException("seed-scale failed with " + process.ExitCode);
    }
}

static (double WallMs, double CpuMs) MeasureHash()
{
    // The floor at the provider's own iteration count (PasswordHashing:Iterations, default 210,000), not Identity's default.
    var hasher = new PasswordHasher<ApplicationUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = new MeineIhk.IdentityProvider.Features.Accounts.Passwords.PasswordHashingOptions().Iterations,
    }));
    var user = new ApplicationUser { GivenName = "Bench", FamilyName = "Hash" };
    var hash = hasher.HashPassword(user, Password);
    hasher.VerifyHashedPassword(user, hash, Password);
    var process = System.Diagnostics.Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var clock = System.Diagnostics.Stopwatch.StartNew();
    const int Count = 20;
    for (var i = 0; i < Count; i++)
    {
        hasher.VerifyHashedPassword(user, hash, Password);
    }

    process.Refresh();
    return (clock.Elapsed.TotalMilliseconds / Count, (process.TotalProcessorTime - cpu).TotalMilliseconds / Count);
}

static string CpuModel() =>
    File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

partial class Program
{
    private const string KeyRingPassword = "bench-key-ring";
}
