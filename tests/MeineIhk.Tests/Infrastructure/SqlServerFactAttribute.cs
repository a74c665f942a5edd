using System.Net.Sockets;

namespace MeineIhk.Tests.Infrastructure;

/// <summary>A fact that needs SQL Server from Testcontainers; skipped, with the reason, where no Docker engine answers.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (!DockerEngine.Answers)
        {
            Skip = "SQL Server tests need a Docker engine (Testcontainers.MsSql); none answers on this machine";
        }
    }
}

public static class DockerEngine
{
    private static readonly Lazy<bool> Probe = new(() =>
    {
        const string socket = "/var/run/docker.sock";
        if (!File.Exists(socket))
        {
            return false;
        }

        try
        {
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            client.Connect(new UnixDomainSocketEndPoint(socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    });

    public static bool Answers => Probe.Value;
}
