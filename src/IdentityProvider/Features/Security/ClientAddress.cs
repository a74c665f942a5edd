namespace MeineIhk.IdentityProvider.Features.Security;

/// <summary>The client's address as the trail records it (after the trusted proxies' forwarded headers are applied).</summary>
public static class ClientAddress
{
    public static string? Of(HttpContext? context)
    {
        var address = context?.Connection.RemoteIpAddress;
        return address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
