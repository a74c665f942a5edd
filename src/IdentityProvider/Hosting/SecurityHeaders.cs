namespace MeineIhk.IdentityProvider.Hosting;

public static class SecurityHeaders
{
    // No form-action: after the login form the browser follows redirects to the client's redirect URI,
    // which Chromium checks against form-action and would block.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>An HttpContext item with a policy that replaces the default for this response (the API reference page).</summary>
    public const string PolicyOverride = "SecurityHeaders.ContentSecurityPolicy";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Items[PolicyOverride] as string ?? ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";

            // Pages carry personal data or secrets (account pages, the letter PDF with its activation password, the data
            // export, one-time client secrets): no browser or proxy keeps a copy (ASVS 5.0 14.3.2).
            if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        await next();
    });
}
