using MeineIhk.IdentityProvider.Hosting;
using MeineIhk.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MeineIhk.Tests.Hosting;

/// <summary>Absolute links in mails and notices are built in one place, from the configured issuer only.</summary>
public sealed class PublicOriginTests
{
    [Fact]
    public void The_public_base_is_the_issuer_with_its_path_and_ends_in_a_slash()
    {
        var origin = Origin("https://meine.example.de/idp/");

        Assert.Equal("https://meine.example.de/idp/", origin.BaseUri.AbsoluteUri);
    }

    [Theory]
    [InlineData("/organisationen")]
    [InlineData("organisationen")]
    public void A_page_address_is_resolved_below_the_issuer_with_or_without_a_leading_slash(string path)
    {
        Assert.Equal("http://127.0.0.1:5123/organisationen", Origin("http://127.0.0.1:5123/").Page(path).AbsoluteUri);
    }

    [Fact]
    public void A_request_with_any_host_gets_the_issuer_not_its_own_host()
    {
        var services = new ServiceCollection().AddSingleton(Origin("https://meine.example.de/")).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("evil.example");

        Assert.Equal("https://meine.example.de/passwort-zuruecksetzen?x=1", context.Request.PublicUri("/passwort-zuruecksetzen?x=1").AbsoluteUri);
    }

    [Theory]
    [InlineData(null, "http://localhost:5000/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    [InlineData("http://0.0.0.0:8080;https://+:8443", "http://localhost:8080/")]
    [InlineData("http://[::]:5000", "http://localhost:5000/")]
    [InlineData("http://127.0.0.1:5123/", "http://127.0.0.1:5123/")]
    public void In_development_without_an_issuer_the_first_listening_address_stands_in(string? urls, string expected)
    {
        Assert.Equal(expected, HostingOptions.ListeningOrigin(urls));
    }

    [Fact]
    public void No_page_builds_an_absolute_address_from_the_request_host()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.IdentityProviderContentRoot), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("Request.Host", StringComparison.Ordinal) || text.Contains("request.Host", StringComparison.Ordinal)
                || text.Contains("Request.Scheme", StringComparison.Ordinal) || text.Contains("request.Scheme", StringComparison.Ordinal)
                || text.Contains("GetDisplayUrl", StringComparison.Ordinal) || text.Contains("GetEncodedUrl", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(RepositoryPaths.Root, f))
            .ToList();

        Assert.Empty(offenders);
    }

    private static PublicOrigin Origin(string issuer) => new(Options.Create(new HostingOptions { Issuer = issuer }));
}
