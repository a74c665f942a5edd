using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Sessions;

/// <summary>
/// Where back-channel logout notices may go (ASVS 5.0 1.3.6 / 15.3.2, SSRF): https only unless the provider itself
/// runs over http (Development, Hosting:AllowHttp), and never to loopback, link-local, private, shared, multicast or
/// reserved addresses (IPv4 and IPv6) unless the operator allows the range (BackChannelLogout:AllowedRanges). The
/// name is resolved when the notice is sent and the connection goes to the address that was checked, so a DNS
/// answer that changes after registration (rebinding) does not get through. Redirects are never followed.
/// </summary>
public sealed class BackChannelTargets(IOptions<BackChannelLogoutOptions> options, IHostEnvironment environment, IOptions<Hosting.HostingOptions> hosting)
{
    private static readonly IPNetwork[] Refused =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"), IPNetwork.Parse("64:ff9b::/96"), IPNetwork.Parse("2001:db8::/32"),
    ];

    private readonly IPNetwork[] _allowed = [.. options.Value.AllowedRanges.Select(IPNetwork.Parse)];

    /// <summary>Why <paramref name="target"/> may not be posted to, or null.</summary>
    public string? RefusedScheme(Uri target) =>
        target.Scheme == Uri.UriSchemeHttps || (target.Scheme == Uri.UriSchemeHttp && (environment.IsDevelopment() || hosting.Value.AllowHttp))
            ? null
            : $"refused: {target.Scheme} (https required)";

    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return Array.Exists(_allowed, range => range.Contains(address)) || !Array.Exists(Refused, range => range.Contains(address));
    }

    /// <summary>The connection of the back-channel HttpClient: resolve now, refuse if any address is not allowed, connect to a checked one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new BackChannelTargetRefusedException($"refused: {host} resolves to no address");
        }

        if (Array.Find(addresses, a => !IsAllowed(a)) is { } refused)
        {
            throw new BackChannelTargetRefusedException($"refused: {host} resolves to {refused}, a range not allowed");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A back-channel target the provider will not post to; the notice is given up at once.</summary>
public sealed class BackChannelTargetRefusedException(string message) : Exception(message);
