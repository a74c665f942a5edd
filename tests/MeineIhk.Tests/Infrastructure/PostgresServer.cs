using System.Diagnostics;
using Npgsql;

namespace MeineIhk.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 cluster for the whole test run on 127.0.0.1, started on first use from the
/// Debian binaries (as the `postgres` user when the tests run as root: the server refuses root).
/// </summary>
public static class PostgresServer
{
    private const string BinFolder = "/usr/lib/postgresql/15/bin";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _adminConnectionString;
    private static string? _dataFolder;

    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var admin = await EnsureStartedAsync();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<string> EnsureStartedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _adminConnectionString ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> StartAsync()
    {
        if (!File.Exists(Path.Combine(BinFolder, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinFolder}/initdb missing): apt-get install postgresql-15");
        }

        var root = Path.Combine(Path.GetTempPath(), "meine-ihk-pg-" + Guid.NewGuid().ToString("N")[..8]);
        _dataFolder = Path.Combine(root, "data");
        Directory.CreateDirectory(_dataFolder);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", root]);
        }

        var port = FreePort.Get();
        await RunPostgresToolAsync(asRoot, "initdb", ["-D", _dataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await RunPostgresToolAsync(asRoot, "pg_ctl",
        [
            "-D", _dataFolder, "-l", Path.Combine(root, "log"), "-w", "start", "-o",
            $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
        ]);

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot, root);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50";
    }

    private static void Stop(bool asRoot, string root)
    {
        try
        {
            RunPostgresToolAsync(asRoot, "pg_ctl", ["-D", _dataFolder!, "-m", "immediate", "stop"]).GetAwaiter().GetResult();
            Directory.Delete(root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("PostgreSQL test server not cleaned up: " + exception.Message);
        }
    }

    private static Task RunPostgresToolAsync(bool asRoot, string tool, IReadOnlyList<string> arguments) =>
        asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinFolder, tool), .. arguments])
            : RunAsync(Path.Combine(BinFolder, tool), arguments);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start " + program);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
