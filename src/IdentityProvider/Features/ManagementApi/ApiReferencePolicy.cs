using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MeineIhk.IdentityProvider.Hosting;

namespace MeineIhk.IdentityProvider.Features.ManagementApi;

/// <summary>
/// The Content-Security-Policy of the API reference page. Scalar's page starts itself with one inline module script
/// (its configuration) and its Vue components inject style elements; the provider's policy forbids both. Here
/// only the inline scripts actually on the page are allowed, by their SHA-256 hash (no 'unsafe-inline' for
/// scripts), styles are allowed inline, and everything still comes from this origin: Scalar's bundle is served by
/// the package itself and its CDN fonts are switched off.
/// </summary>
public static partial class ApiReferencePolicy
{
    public static IApplicationBuilder UseApiReferencePolicy(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(ManagementApiSetup.ReferencePath, StringComparison.OrdinalIgnoreCase) && !Path.HasExtension(c.Request.Path.Value), page => page.Use(async (context, next) =>
        {
            var original = context.Response.Body;
            await using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next();
            }
            finally
            {
                context.Response.Body = original;
            }

            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                context.Items[SecurityHeaders.PolicyOverride] = For(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }));

    public static string For(string html)
    {
        var hashes = InlineScript().Matches(html)
            .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["body"].Value)))}'")
            .Distinct(StringComparer.Ordinal);
        return $"default-src 'self'; script-src 'self' {string.Join(' ', hashes)}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
            "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
    }

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
