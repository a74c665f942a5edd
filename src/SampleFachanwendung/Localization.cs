using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace MeineIhk.SampleFachanwendung;

/// <summary>Marker for Resources/SharedResource(.en).resx; German is the neutral language.</summary>
public sealed class SharedResource;

internal static class Localization
{
    public static readonly CultureInfo[] SupportedCultures = [new("de-DE"), new("en")];

    public const string CookieName = ".MeineIhk.Berichtsheft.Culture";

    public static IServiceCollection AddSampleLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("de-DE");
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider { CookieName = CookieName },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }
}
