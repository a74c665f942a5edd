using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace MeineIhk.IdentityProvider;

/// <summary>Marker for the shared resources in Resources/SharedResource(.en).resx; German is the neutral language.</summary>
public sealed class SharedResource;

public static class Localization
{
    public static readonly CultureInfo[] SupportedCultures = [new("de-DE"), new("en")];

    public const string CookieName = ".MeineIhk.Culture";

    public static IServiceCollection AddProviderLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("de-DE");
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new UiLocalesRequestCultureProvider(),
                new CookieRequestCultureProvider { CookieName = CookieName },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>Honours the OpenID Connect ui_locales parameter (and ?culture=) of the current request.</summary>
    private sealed class UiLocalesRequestCultureProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var requested = httpContext.Request.Query["ui_locales"].ToString();
            if (string.IsNullOrWhiteSpace(requested))
            {
                requested = httpContext.Request.Query["culture"].ToString();
            }

            // The login page (and others an authorize request sends the browser to) carries the request in ReturnUrl.
            if (string.IsNullOrWhiteSpace(requested) && httpContext.Request.Query["ReturnUrl"].ToString() is { Length: > 0 } returnUrl
                && returnUrl.IndexOf('?', StringComparison.Ordinal) is var question and >= 0)
            {
                requested = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[question..])
                    .GetValueOrDefault("ui_locales").ToString();
            }

            var first = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return Task.FromResult(first is null ? null : new ProviderCultureResult(first));
        }
    }
}
