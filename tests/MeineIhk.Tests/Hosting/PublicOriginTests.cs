using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Http;

namespace MeineIhk.Tests.Hosting;

/// <summary>Absolute links in mails and notices are built in one place, from scheme, host and path base.</summary>
public sealed class PublicOriginTests
{
    [Fact]
    public void The_public_base_keeps_the_path_base_and_ends_in_a_slash()
    {
        var request = Request("https", "meine.example.de", "/idp");

        Assert.Equal("https://meine.example.de/idp/", request.PublicBaseUri().AbsoluteUri);
    }

    [Theory]
    [InlineData("/organisationen")]
    [InlineData("organisationen")]
    public void A_page_address_is_resolved_below_the_path_base_with_or_without_a_leading_slash(string path)
    {
        var request = Request("http", "127.0.0.1:5123", "");

        Assert.Equal("http://127.0.0.1:5123/organisationen", request.PublicUri(path).AbsoluteUri);
    }

    private static HttpRequest Request(string scheme, string host, string pathBase)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        context.Request.PathBase = new PathString(pathBase.Length == 0 ? null : pathBase);
        return context.Request;
    }
}
