using System.Net;
using MeineIhk.IdentityProvider.Hosting;

namespace MeineIhk.Tests.Hosting;

/// <summary>Throttling counts an IPv6 client by its /64 (issue 15: one connection is given a whole /64).</summary>
public sealed class ClientAddressGroupTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("::1", "::/64")]
    public void An_address_is_counted_in_its_group(string address, string group) =>
        Assert.Equal(group, ClientAddressGroup.Of(IPAddress.Parse(address)));

    [Fact]
    public void A_missing_address_is_one_group() => Assert.Equal("unknown", ClientAddressGroup.Of(null));
}
