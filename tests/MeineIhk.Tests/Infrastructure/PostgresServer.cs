using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using MeineIhk.Tests.Data;

namespace MeineIhk.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 cluster for the whole test run on 127.0.0.1, started on first use from the
/// Debian binaries in <c>/usr/lib/postgresql/15/bin</c> (as the <c>postgres</c> user when the tests run as
/// root: the server refuses root). Every run gets a fresh folder and a fresh port.
/// </summary>
/// <remarks>
/// Clean-up does not rely on <see cref="AppDomain.ProcessExit"/> alone: the test host is often killed by
/// <c>dotnet test</c> before its exit handlers finish. A small detached watchdog waits for the test process
/// to end, then stops the server and removes the folder; a later run also sweeps folders whose owner died.
/// </remarks>
public static partial class PostgresServer
{
    private const string BinFolder = "/usr/lib/postgresql/15/bin";
    private const string FolderPrefix = "meine-ihk-pg-";
    private const string OwnerFile = "owner";

    // Started once; a failed start fails every caller with the same error instead of trying again and again.
    private static readonly Lazy<Task<Cluster>> Started = new(() => Task.Run(StartAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates a new, empty database and returns an Npgsql connection string for it.</summary>
    /// <param name="name">Letters, digits, '_' or '-', at most 63 characters (PostgreSQL's limit).</param>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a usable test database name (letters, digits, '_' or '-', 1 to 63 characters).", nameof(name));
        }

        var cluster = await Started.Value;
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" STRATEGY = FILE_COPY", connection);
            await command.ExecuteNonQueryAsync();
        }

        return cluster.ConnectionString(name);
    }

    private static async Task<Cluster> StartAsync()
    {
        if (!File.Exists(Path.Combine(BinFolder, "initdb")) || !File.Exists(Path.Combine(BinFolder, "pg_ctl")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({BinFolder}/initdb or pg_ctl missing). Install Debian's package 'postgresql-15' " +
                "(apt-get install --no-install-recommends postgresql-15); the tests start their own throwaway server.");
        }

        var asRoot = RunsAsRoot();
        if (asRoot && !await SucceedsAsync("id", ["-u", "postgres"]))
        {
            throw new InvalidOperationException(
                "The tests run as root, and PostgreSQL refuses root, but there is no 'postgres' user to run it as. " +
                "Installing Debian's package 'postgresql-15' creates it.");
        }

        var baseFolder = TempBase(asRoot);
        await SweepStaleClustersAsync(asRoot, baseFolder);
        var root = Path.Combine(baseFolder, FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), OwnerStamp(Environment.ProcessId));

        // Clean up even when the test host is killed: a detached watchdog outlives it.
        try
        {
            await StartCleanerAsync(asRoot, root, Environment.ProcessId);
        }
        catch (InvalidOperationException)
        {
            // No setsid: the exit handler below (and the next run's sweep) must do.
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAndDelete(asRoot, root, data);

        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", root]);
        }

        await RunPostgresToolAsync(asRoot, "initdb",
            ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]);

        // FreePort hands out a port that nobody holds at the moment; another process may still take it first.
        InvalidOperationException? lastFailure = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort.Get();
            try
            {
                await RunPostgresToolAsync(asRoot, "pg_ctl",
                [
                    "-D", data, "-l", Path.Combine(root, "log"), "-w", "-t", "30", "start", "-o",
                    $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} " +
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                ]);
                return new Cluster(port);
            }
            catch (InvalidOperationException failure)
            {
                lastFailure = failure;
            }
        }

        var log = File.Exists(Path.Combine(root, "log")) ? await File.ReadAllTextAsync(Path.Combine(root, "log")) : "(no log)";
        throw new InvalidOperationException($"PostgreSQL did not start in {root}. Server log:\n{log}", lastFailure);
    }

    private sealed record Cluster(int Port)
    {
        public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
            MaxPoolSize = 50,
            IncludeErrorDetail = true,
        }.ConnectionString;
    }

    /// <summary>
    /// Starts a process outside the test host's process tree (so that killing the tree spares it) that waits
    /// until the process <paramref name="owner"/> has ended (if given), then stops the server in
    /// <paramref name="root"/> and deletes the folder.
    /// </summary>
    private static Task StartCleanerAsync(bool asRoot, string root, int? owner)
    {
        const string script = """
            exec </dev/null >/dev/null 2>&1
            owner=$1 root=$2 pg_ctl=$3 as_root=$4
            while [ -n "$owner" ] && kill -0 "$owner"; do sleep 0.5; done
            if [ -f "$root/data/postmaster.pid" ]; then
              if [ "$as_root" = 1 ]; then runuser -u postgres -- "$pg_ctl" stop -D "$root/data" -m immediate -w -t 10
              else "$pg_ctl" stop -D "$root/data" -m immediate -w -t 10; fi
            fi
            rm -rf "$root"
            """;
        return RunAsync("setsid",
        [
            "-f", "sh", "-c", script, "meine-ihk-pg-cleaner",
            owner?.ToString(CultureInfo.InvariantCulture) ?? "", root, Path.Combine(BinFolder, "pg_ctl"), asRoot ? "1" : "0",
        ]);
    }

    private static void StopAndDelete(bool asRoot, string root, string data)
    {
        try
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                RunPostgresToolAsync(asRoot, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "10", "stop"]).GetAwaiter().GetResult();
            }

            Directory.Delete(root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The watchdog finishes the job.
        }
    }

    /// <summary>Removes clusters of earlier runs whose test process is gone (killed, or the machine went down).</summary>
    private static async Task SweepStaleClustersAsync(bool asRoot, string baseFolder)
    {
        foreach (var folder in Directory.EnumerateDirectories(baseFolder, FolderPrefix + "*"))
        {
            try
            {
                if (IsStale(folder))
                {
                    await StartCleanerAsync(asRoot, folder, owner: null);
                }
            }
            catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // Not ours to judge or remove: leave it.
            }
        }
    }

    private static bool IsStale(string folder)
    {
        var ownerFile = Path.Combine(folder, OwnerFile);
        var stamp = File.Exists(ownerFile) ? File.ReadAllText(ownerFile).Trim() : "";
        if (int.TryParse(stamp.Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            return OwnerStamp(pid) != stamp;
        }

        // No owner stamp (an older run, or one that died while starting): stale once its server is down and
        // nobody touched it for a while (a starting run has no server for a second or two).
        return !PostmasterAlive(Path.Combine(folder, "data"))
            && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-10);
    }

    /// <summary>"pid start-time" of a process; the start time tells a reused pid apart. Empty when it is gone.</summary>
    private static string OwnerStamp(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"{pid} {fields[19]}"; // field 22 of proc(5), counted from field 3 (state)
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static bool PostmasterAlive(string data)
    {
        try
        {
            var pidFile = Path.Combine(data, "postmaster.pid");
            return File.Exists(pidFile)
                && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
                && Directory.Exists($"/proc/{pid}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return true; // cannot tell: leave it alone
        }
    }

    private static bool RunsAsRoot()
    {
        // "Uid:	real	effective	saved	fs"
        var uid = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uid.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2] == "0";
    }

    /// <summary>The temp folder, unless the postgres user could not reach into it (or the socket path got too long).</summary>
    private static string TempBase(bool asRoot)
    {
        var temp = Path.GetFullPath(Path.GetTempPath());
        if (temp.Length > 60)
        {
            return "/tmp";
        }

        if (asRoot)
        {
            for (var folder = new DirectoryInfo(temp); folder is not null; folder = folder.Parent)
            {
                if ((folder.UnixFileMode & UnixFileMode.OtherExecute) == 0)
                {
                    return "/tmp";
                }
            }
        }

        return temp;
    }

    private static Task RunPostgresToolAsync(bool asRoot, string tool, IReadOnlyList<string> arguments) =>
        asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinFolder, tool), .. arguments])
            : RunAsync(Path.Combine(BinFolder, tool), arguments);

    private static async Task<bool> SucceedsAsync(string program, IReadOnlyList<string> arguments)
    {
        try
        {
            await RunAsync(program, arguments);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Start(start);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("Cannot start " + start.FileName);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"Cannot start {start.FileName}: {exception.Message}", exception);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,63}$")]
    private static partial Regex DatabaseName();
}
