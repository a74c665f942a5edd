using System.Net;
using System.Net.Sockets;
using System.Text;
using MeineIhk.Tests.Data;

namespace MeineIhk.Tests.Infrastructure;

/// <summary>
/// Whether a Docker engine answers (for Testcontainers): <c>DOCKER_HOST</c> when set (unix:// or tcp://), else
/// <c>/var/run/docker.sock</c> or the rootless socket. Asked once per test run with a short time-out.
/// </summary>
public static class DockerAvailable
{
    public const string SkipReason = "SQL Server tests need a Docker engine (Testcontainers.MsSql); none answers on this machine";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly Lazy<bool> Probe = new(ProbeEngine, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool Answers => Probe.Value;

    private static bool ProbeEngine()
    {
        var endpoint = Endpoint();
        if (endpoint is null)
        {
            return false;
        }

        try
        {
            using var socket = endpoint is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.SendTimeout = socket.ReceiveTimeout = (int)Timeout.TotalMilliseconds;
            if (!socket.ConnectAsync(endpoint).Wait(Timeout))
            {
                return false;
            }

            if (endpoint is not UnixDomainSocketEndPoint && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY")))
            {
                return true; // TLS-protected engine: it accepted the connection, good enough.
            }

            socket.Send("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n"u8);
            var buffer = new byte[256];
            var read = socket.Receive(buffer);
            var status = Encoding.ASCII.GetString(buffer, 0, read);
            return status.StartsWith("HTTP/1.", StringComparison.Ordinal) && status.Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or AggregateException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static EndPoint? Endpoint()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(dockerHost))
        {
            if (dockerHost.StartsWith("unix://", StringComparison.Ordinal))
            {
                return File.Exists(dockerHost["unix://".Length..]) ? new UnixDomainSocketEndPoint(dockerHost["unix://".Length..]) : null;
            }

            return Uri.TryCreate(dockerHost, UriKind.Absolute, out var uri) && uri.Scheme == "tcp"
                ? new DnsEndPoint(uri.Host, uri.Port > 0 ? uri.Port : 2375)
                : null; // ssh:// and the like: not probed
        }

        string?[] candidates =
        [
            "/var/run/docker.sock",
            Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime ? Path.Combine(runtime, "docker.sock") : null,
        ];
        return candidates.FirstOrDefault(File.Exists) is { } path ? new UnixDomainSocketEndPoint(path) : null;
    }
}
