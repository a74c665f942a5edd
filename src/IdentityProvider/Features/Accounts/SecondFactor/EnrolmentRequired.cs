using Microsoft.AspNetCore.Authentication;

namespace MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;

/// <summary>
/// A person who must use a second factor and has none gets a session that leads only to the enrolment (the login
/// marks it, <see cref="AuthenticationFactors.MarkEnrolmentRequired"/>): every other page, and every authorization
/// request, sends them there first. Reads the mark from the session cookie the authentication middleware already read.
/// </summary>
public static class EnrolmentRequired
{
    private static readonly string[] Open = ["/konto/sicherheit", "/abmelden", "/anmelden", "/css/", "/js/", "/img/", "/favicon", "/fehler", "/sprache", "/health", "/.well-known", "/metrics"];

    public static IApplicationBuilder UseSecondFactorEnrolment(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var session = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult;
        var path = context.Request.Path.Value ?? "/";
        if (session is { Succeeded: true } && AuthenticationFactors.EnrolmentRequired(session.Properties)
            && Guarded(path))
        {
            var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            context.Response.Redirect("/konto/sicherheit/authenticator" + QueryString.Create("returnUrl",
                HttpMethods.IsGet(context.Request.Method) ? back.ToString() : "/"));
            return;
        }

        await next(context);
    });

    /// <summary>Pages and the authorization endpoint; not the enrolment itself, logout, static files or the token endpoints.</summary>
    private static bool Guarded(string path) =>
        path.StartsWith("/connect/authorize", StringComparison.OrdinalIgnoreCase)
        || (!path.StartsWith("/connect/", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
            && !Open.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)));
}
