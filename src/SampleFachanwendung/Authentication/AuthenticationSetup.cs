using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace MeineIhk.SampleFachanwendung.Authentication;

internal static class AuthenticationSetup
{
    private static readonly string[] Scopes = ["openid", "profile", "email", "offline_access", "ihk.org"];

    public static IServiceCollection AddBerichtsheftAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var oidc = configuration.GetSection("Oidc");
        var authority = oidc["Authority"] ?? throw new InvalidOperationException("Oidc:Authority is required.");
        var requireHttps = oidc.GetValue("RequireHttpsMetadata", true);
        if (!requireHttps && !IsLocal(new Uri(authority)))
        {
            throw new InvalidOperationException("Oidc:RequireHttpsMetadata may be false only for a provider on localhost.");
        }

        services.AddSingleton<TokenRefresher>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = ".MeineIhk.Berichtsheft";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.Events.OnValidatePrincipal = context =>
                    context.HttpContext.RequestServices.GetRequiredService<TokenRefresher>().ValidateAsync(context);
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = authority;
                o.RequireHttpsMetadata = requireHttps;
                o.ClientId = oidc["ClientId"] ?? "berichtsheft";
                o.ClientSecret = oidc["ClientSecret"];
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.MapInboundClaims = false;
                o.SaveTokens = true;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.Scope.Clear();
                foreach (var scope in Scopes)
                {
                    o.Scope.Add(scope);
                }

                o.TokenValidationParameters.NameClaimType = "name";
                o.TokenValidationParameters.RoleClaimType = "role";
                o.SignedOutRedirectUri = "/abgemeldet";

                // meine ihk answers access_denied when it refuses the user itself (a "role required" client).
                o.AccessDeniedPath = "/kein-zugang";

                // Several apps share one cookie jar on 127.0.0.1, and tests run over plain http.
                o.CorrelationCookie.Name = ".MeineIhk.Berichtsheft.Correlation.";
                o.NonceCookie.Name = ".MeineIhk.Berichtsheft.Nonce.";
                foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
                {
                    cookie.SameSite = SameSiteMode.Lax;
                    cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
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

    private static bool IsLocal(Uri authority) => authority.IsLoopback || authority.Host == "localhost";

    public static AuthenticationProperties SignOutProperties() => new() { RedirectUri = "/abgemeldet" };
}
