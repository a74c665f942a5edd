namespace MeineIhk.SampleFachanwendung;

internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        // The logout form posts here and is redirected on to the provider's end-session endpoint.
        var provider = new Uri(configuration["Oidc:Authority"] ?? "http://localhost:5000/").GetLeftPart(UriPartial.Authority);
        var policy = $"default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self' {provider}";
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            await next();
        });
    }
}
