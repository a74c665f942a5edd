using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace MeineIhk.SampleFachanwendung.Authentication;

internal static class AuthenticationSetup
{
    // snippet:start aspnet-scopes
    private static readonly string[] Scopes = ["openid", "profile", "email", "offline_access", "ihk.org"];

    private static readonly string[] KeptClaims =
        ["sub", "sid", "name", "given_name", "family_name", "preferred_username", "email", "org_id", "org_name", "org_ident", "chamber", "role"];
    // snippet:end

    // OpenIddict's internal token references say nothing about the user.
    private static readonly string[] DroppedClaims = ["oi_au_id", "oi_tkn_id"];

    public static IServiceCollection AddBerichtsheftAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var oidc = configuration.GetSection("Oidc");
        var authority = oidc["Authority"] ?? throw new InvalidOperationException("Oidc:Authority is required.");
        var clientSecret = oidc["ClientSecret"];
        if (string.IsNullOrEmpty(clientSecret))
        {
            throw new InvalidOperationException("Oidc:ClientSecret is required: the Berichtsheft is a confidential client.");
        }

        var requireHttps = oidc.GetValue("RequireHttpsMetadata", true);
        if (!requireHttps && !IsLocal(new Uri(authority)))
        {
            throw new InvalidOperationException("Oidc:RequireHttpsMetadata may be false only for a provider on localhost.");
        }

        // Two instances on one host (tests, a second demo app) need cookies of their own.
        var cookiePrefix = CookiePrefix(configuration);

        // "query" (default) or "form_post", the OIDC handler's own default: the provider then answers with a page that
        // posts code and state here, so the code never shows in a URL, a log or a Referer.
        var formPost = (oidc["ResponseMode"] ?? OpenIdConnectResponseMode.Query) switch
        {
            OpenIdConnectResponseMode.Query => false,
            OpenIdConnectResponseMode.FormPost => true,
            var other => throw new InvalidOperationException($"Oidc:ResponseMode must be 'query' or 'form_post', not '{other}'."),
        };

        services.AddSingleton<TokenRefresher>();
        services.AddDistributedMemoryCache(); // adds nothing when the application registered a shared cache before (several instances)
        services.AddSingleton<EndedSessions>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = cookiePrefix;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.Events.OnValidatePrincipal = async context =>
                {
                    // meine ihk ended this session by back-channel logout: the cookie is worth nothing any more.
                    var ended = context.HttpContext.RequestServices.GetRequiredService<EndedSessions>();
                    if (await ended.HasEndedAsync(context.Principal?.FindFirst("sub")?.Value, context.Principal?.FindFirst("sid")?.Value, context.Properties.IssuedUtc, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                        return;
                    }

                    await context.HttpContext.RequestServices.GetRequiredService<TokenRefresher>().ValidateAsync(context);
                };
            })
            .AddOpenIdConnect(o =>
            {
                // snippet:start aspnet-oidc
                o.Authority = authority;
                o.RequireHttpsMetadata = requireHttps;
                o.ClientId = oidc["ClientId"] ?? "berichtsheft";
                o.ClientSecret = clientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.ResponseMode = formPost ? OpenIdConnectResponseMode.FormPost : OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.MapInboundClaims = false;
                o.SaveTokens = true;
                o.GetClaimsFromUserInfoEndpoint = false;
                // snippet:end

                // snippet:start aspnet-claims
                // The handler runs these actions on the ID token's claims too (and TokenRefresher does the same):
                // no action may delete a claim the app relies on.
                foreach (var type in KeptClaims)
                {
                    o.ClaimActions.Remove(type);
                }

                foreach (var type in DroppedClaims)
                {
                    o.ClaimActions.DeleteClaim(type);
                }

                o.Scope.Clear();
                foreach (var scope in Scopes)
                {
                    o.Scope.Add(scope);
                }

                o.TokenValidationParameters.NameClaimType = "name";
                o.TokenValidationParameters.RoleClaimType = "role";
                o.SignedOutRedirectUri = SignedOutPath;

                // meine ihk answers access_denied when it refuses the user itself (a "role required" client).
                o.AccessDeniedPath = "/kein-zugang";
                // snippet:end

                // Several apps share one cookie jar on 127.0.0.1, and tests run over plain http.
                o.CorrelationCookie.Name = cookiePrefix + ".Correlation.";
                o.NonceCookie.Name = cookiePrefix + ".Nonce.";
                foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
                {
                    // form_post comes back as a POST from the provider's site: a Lax cookie would stay behind, so it must be
                    // SameSite=None, which browsers take only with Secure. A provider on this machine over http
                    // (RequireHttpsMetadata=false, allowed only for localhost) is the same site, where Lax is enough.
                    var crossSitePost = formPost && requireHttps;
                    cookie.SameSite = crossSitePost ? SameSiteMode.None : SameSiteMode.Lax;
                    cookie.SecurePolicy = crossSitePost ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                }

                o.Events.OnRedirectToIdentityProvider = context =>
                {
                    // meine ihk shows its pages in the language of this application.
                    context.ProtocolMessage.UiLocales = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                    return Task.CompletedTask;
                };
            });
        return services;
    }

    public static string CookiePrefix(IConfiguration configuration) => configuration["Session:CookieName"] ?? ".MeineIhk.Berichtsheft";

    private static bool IsLocal(Uri authority) => authority.IsLoopback || authority.Host == "localhost";

    // The provider sends the browser back to the handler's SignedOutCallbackPath (/signout-callback-oidc, the registered
    // post_logout_redirect_uri), which forwards to this page.
    public const string SignedOutPath = "/abgemeldet";

    public static AuthenticationProperties SignOutProperties() => new() { RedirectUri = SignedOutPath };
}
