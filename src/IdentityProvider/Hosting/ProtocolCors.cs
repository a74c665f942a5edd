using MeineIhk.IdentityProvider.Features.Protocol.Clients;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// CORS for the endpoints a browser-based public client calls itself (discovery, JWKS, token, userinfo, revocation,
/// end session), and only for the exact origins that public clients registered ("web origins"). Never with
/// credentials: these endpoints take a token or a code, not the provider's cookie. Every other path, and every other
/// origin, gets no CORS header at all, so browsers keep their same-origin rule there. A preflight is answered here.
/// </summary>
public static class ProtocolCors
{
    private static readonly PathString[] Paths =
    [
        "/.well-known/openid-configuration", "/.well-known/jwks",
        "/connect/token", "/connect/userinfo", "/connect/revoke", "/connect/endsession",
    ];

    public static IApplicationBuilder UseProtocolCors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!request.Headers.TryGetValue("Origin", out var originHeader) || originHeader.Count != 1
            || !Paths.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next();
            return;
        }

        var origin = originHeader[0]!;
        var rules = context.RequestServices.GetRequiredService<ClientRules>();
        var allowed = (await rules.WebOriginsAsync(context.RequestAborted)).Contains(origin);
        var headers = context.Response.Headers;
        headers.Vary = "Origin";
        if (allowed)
        {
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlExposeHeaders = "WWW-Authenticate";
        }

        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            if (allowed)
            {
                headers.AccessControlAllowMethods = "GET, POST";
                headers.AccessControlAllowHeaders = "Authorization, Content-Type";
                headers.AccessControlMaxAge = "600";
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        await next();
    });
}
