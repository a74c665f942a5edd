using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider;

/// <summary>
/// The one type the code localizes with (<c>IStringLocalizer&lt;SharedResource&gt;</c>, data annotations, model binding).
/// Its texts live in one resource file pair per area, Resources/{Area}.resx (German, the neutral language) and
/// Resources/{Area}.en.resx (see <see cref="Localization.Areas"/>); <see cref="Localization.AreaStringLocalizerFactory"/>
/// puts them together.
/// </summary>
public sealed class SharedResource;

public static class Localization
{
    public static readonly CultureInfo[] SupportedCultures = [new("de-DE"), new("en")];

    /// <summary>
    /// The resource files behind <see cref="SharedResource"/>, one per area of Features/, and the key prefixes each holds
    /// (a key is "Prefix.Rest"; a new key goes into the file of its prefix, a new prefix into the area that uses it).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Areas = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Accounts"] = ["Login", "Register", "Confirm", "ForgotPassword", "ResetPassword", "Unlock", "Resend", "Logout", "Anrede"],
        ["Profile"] = ["Profile", "Devices"],
        ["SecondFactor"] = ["SecondFactor", "Factors"],
        ["Organisations"] = ["Organisations", "Join", "Mine", "Members", "Invitations", "Invitation", "Requests", "Audit", "Administration"],
        ["ChamberStaff"] = ["Chamber"],
        ["Applications"] = ["Applications", "Platform", "ManagementApi"],
        ["Mail"] = ["Mail"],
        ["Notifications"] = ["Notification", "Notifications"],
        ["Protocol"] = ["NoRole", "Choose", "Consent", "EndSession", "FormPost"],
        ["Development"] = ["Mailbox"],
        ["Security"] = ["SecurityEvent", "Trail", "History", "CurrentPassword"],
        ["Shared"] = ["Layout", "Home", "Error", "Validation", "Form", "Common", "Legal"],
        ["Support"] = ["Support", "StaffAdmin"],
    };

    public const string CookieName = ".MeineIhk.Culture";

    public static IServiceCollection AddProviderLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory, AreaStringLocalizerFactory>());
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

    /// <summary>
    /// The framework's resource-file factory, except that <see cref="SharedResource"/> resolves to one localizer over
    /// all <see cref="Areas"/>. Every other type (IdentityErrors, …) keeps its own file as before.
    /// </summary>
    internal sealed class AreaStringLocalizerFactory : IStringLocalizerFactory
    {
        private readonly ResourceManagerStringLocalizerFactory _files;
        private readonly AreaStringLocalizer _shared;

        public AreaStringLocalizerFactory(IOptions<LocalizationOptions> options, ILoggerFactory loggerFactory)
        {
            _files = new ResourceManagerStringLocalizerFactory(options, loggerFactory);
            var assembly = typeof(SharedResource).Assembly.GetName().Name!;
            _shared = new AreaStringLocalizer(Areas.ToDictionary(
                area => area.Key,
                area => (Prefixes: area.Value, Localizer: _files.Create(area.Key, assembly)),
                StringComparer.Ordinal));
        }

        public IStringLocalizer Create(Type resourceSource) =>
            resourceSource == typeof(SharedResource) ? _shared : _files.Create(resourceSource);

        public IStringLocalizer Create(string baseName, string location) => _files.Create(baseName, location);
    }

    /// <summary>
    /// Looks a key up in the file of its prefix, else in every area file; the framework's localizer per file does the
    /// rest (culture fallback en → neutral German, formatting, its per-culture cache).
    /// </summary>
    private sealed class AreaStringLocalizer : IStringLocalizer
    {
        private readonly IStringLocalizer[] _all;
        private readonly Dictionary<string, IStringLocalizer> _byPrefix = new(StringComparer.Ordinal);

        public AreaStringLocalizer(IReadOnlyDictionary<string, (string[] Prefixes, IStringLocalizer Localizer)> areas)
        {
            _all = [.. areas.Values.Select(a => a.Localizer)];
            foreach (var (prefixes, localizer) in areas.Values)
            {
                foreach (var prefix in prefixes)
                {
                    _byPrefix.Add(prefix, localizer);
                }
            }
        }

        public LocalizedString this[string name] => Find(name, localizer => localizer[name]);

        public LocalizedString this[string name, params object[] arguments] => Find(name, localizer => localizer[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
            _all.SelectMany(localizer => localizer.GetAllStrings(includeParentCultures));

        private LocalizedString Find(string name, Func<IStringLocalizer, LocalizedString> lookup)
        {
            ArgumentNullException.ThrowIfNull(name);
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            var home = dot > 0 ? _byPrefix.GetValueOrDefault(name[..dot]) : null;
            LocalizedString? notFound = null;
            if (home is not null)
            {
                var found = lookup(home);
                if (!found.ResourceNotFound)
                {
                    return found;
                }

                notFound = found;
            }

            foreach (var localizer in _all)
            {
                if (localizer != home && lookup(localizer) is var found)
                {
                    if (!found.ResourceNotFound)
                    {
                        return found;
                    }

                    notFound ??= found;
                }
            }

            return notFound!;
        }
    }
}
