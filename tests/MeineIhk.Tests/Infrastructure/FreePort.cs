using System.Net;
using System.Net.Sockets;
using MeineIhk.Tests.Data;

namespace MeineIhk.Tests.Infrastructure;

public static class FreePort
{
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
