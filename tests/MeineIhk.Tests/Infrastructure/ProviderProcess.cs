using System.Diagnostics;
using System.Text;

namespace MeineIhk.Tests.Infrastructure;

/// <summary>
/// The built provider (src/IdentityProvider/bin/…/MeineIhk.IdentityProvider.dll) as a real process, as an operator
/// starts it: configuration by environment variables, output captured.
/// </summary>
public sealed class ProviderProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ProviderProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The build output folder of the provider, for the configuration the tests were built in.</summary>
    public static string InstallationFolder
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            return Path.Combine(RepositoryPaths.Root, "src", "IdentityProvider", "bin", configuration, "net10.0");
        }
    }

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

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: the node dies at once, as on a power cut; requests in flight are lost, nothing is cleaned up.</summary>
    public void KillAbruptly() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM, as systemd or Kubernetes stop a node: it stops listening, finishes its requests and exits.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await WaitForExitAsync(timeout);
    }

    /// <param name="folder">The installation to run (default <see cref="InstallationFolder"/>).</param>
    /// <param name="workingDirectory">Where the operator stands (default: a new temp folder).</param>
    public static ProviderProcess Start(IReadOnlyDictionary<string, string?> environment, string[]? args = null, string? folder = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Directory.CreateTempSubdirectory("meine-ihk-cwd-").FullName,
        };
        start.ArgumentList.Add(Path.Combine(folder ?? InstallationFolder, "MeineIhk.IdentityProvider.dll"));
        foreach (var arg in args ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new ProviderProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>Waits until <paramref name="url"/>health/ready answers 200, or fails with the process output.</summary>
    public async Task WaitUntilReadyAsync(Uri url, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(15) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The provider ended with {_process.ExitCode}:\n{Error}\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or still busy starting on a loaded machine.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The provider was not ready in time:\n{Error}\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
