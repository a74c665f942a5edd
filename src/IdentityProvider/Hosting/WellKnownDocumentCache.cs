using MeineIhk.IdentityProvider.Hosting.Nodes;
using Microsoft.AspNetCore.OutputCaching;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// Discovery and JWKS are the same bytes for every caller of a host until the key ring changes; then
/// <c>SigningKeyRing.Invalidate</c> evicts them by <see cref="Tag"/>. OpenIddict
/// builds both through its whole pipeline on every request, so the answer is kept in ASP.NET Core's output cache
/// per scheme, host and path for a few minutes (docs/performance.md), and forgotten on every node at once when the
/// signing keys change (<see cref="NodeCacheTopics.SigningKeys"/>, <see cref="NodeCacheTopics.WellKnownDocuments"/>). Requests with an Authorization header, other
/// methods than GET/HEAD and answers other than 200 are never cached.
/// </summary>
public static class WellKnownDocumentCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public const string Tag = "well-known-documents";

    private static readonly PathString[] Documents = ["/.well-known/openid-configuration", "/.well-known/jwks"];

    public static IServiceCollection AddWellKnownDocumentCache(this IServiceCollection services) =>
        services.AddOutputCache(o => o.AddBasePolicy(policy => policy
            .With(context => IsDocument(context.HttpContext.Request.Path))
            .SetVaryByHeader("Origin") // the CORS headers (ProtocolCors) differ per origin
            .Tag(Tag)
            .Expire(Lifetime)));

    public static IApplicationBuilder UseWellKnownDocumentCache(this IApplicationBuilder app)
    {
        var caches = app.ApplicationServices.GetRequiredService<NodeCaches>();
        var store = app.ApplicationServices.GetRequiredService<IOutputCacheStore>();
        caches.Register(NodeCacheTopics.SigningKeys, cancellationToken => store.EvictByTagAsync(Tag, cancellationToken));
        caches.Register(NodeCacheTopics.WellKnownDocuments, cancellationToken => store.EvictByTagAsync(Tag, cancellationToken));
        return app.UseWhen(context => IsDocument(context.Request.Path), branch => branch.UseOutputCache());
    }

    private static bool IsDocument(PathString path) =>
        Array.Exists(Documents, document => path.Equals(document, StringComparison.OrdinalIgnoreCase));
}
