using System.Net;
using System.Net.Sockets;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// The unit a client address is counted in: an IPv4 address by itself, an IPv6 address by its /64 prefix, since one
/// connection is routinely given a whole /64 and could otherwise take a fresh address for every request.
/// </summary>
public static class ClientAddressGroup
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
