using System.Resources;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Features.Accounts;
using MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Features.ChamberDirectory;
using MeineIhk.IdentityProvider.Features.ChamberStaff;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Features.Legal;
using MeineIhk.IdentityProvider.Features.ManagementApi;
using MeineIhk.IdentityProvider.Features.Organisations;
using MeineIhk.IdentityProvider.Features.Protocol;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Features.Sessions;
using MeineIhk.IdentityProvider.Features.Support;
using MeineIhk.IdentityProvider.Hosting;
using MeineIhk.IdentityProvider.Hosting.Nodes;
using MeineIhk.IdentityProvider.Seeding;
using MeineIhk.IdentityProvider.Hosting.Observability;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

[assembly: NeutralResourcesLanguage("de")]

namespace MeineIhk.IdentityProvider;

public static class ProviderApp
{
    /// <param name="contentRoot">The folder holding wwwroot; tests pass the source folder.</param>
    /// <param name="settings">Configuration applied last, above every other source.</param>
    /// <param name="overrideServices">Replaces registrations after the provider's own (tests: a clock, an SMTP port).</param>
    public static WebApplication Create(
        string[] args,
        string? contentRoot = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? overrideServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ProviderApp).Assembly.GetName().Name,
            ContentRootPath = contentRoot ?? Installation.ContentRoot(args),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // Before anything is created or migrated: outside Development, no guessing of database, origin, key ring or mail.
        StartupRequirements.Enforce(builder.Configuration, builder.Environment);

        var services = builder.Services;
        services.AddKeyRingProtection(builder.Configuration);
        services.AddApplicationDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddAccounts();
        services.AddSecondFactor();
        services.AddProtocol();
        services.AddProviderLocalization();
        services.AddDemoData();
        services.AddSingleton<OutboxSignal>(); // one signal wakes the senders of every outbox (mail, back-channel logout)
        services.AddMail();
        services.AddOrganisations();
        services.AddOrganisationRegistration();
        services.AddMemberAdministration();
        services.AddChamberStaff();
        services.AddApplicationRegistry();
        services.AddSessions();
        services.AddProviderCookieRule(); // after every cookie's own settings
        services.AddSecurityEvents();
        services.AddSupport();
        services.AddManagementApi();
        services.AddLegalPages();
        services.AddThrottling();
        services.AddNodeCaches(); // what one node changes, every node forgets (Hosting/Nodes)
        services.AddControllers();
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.AuthorizeFolder("/");
            })
            .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false) // server-side validation only; no script
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddSingleton<IConfigureOptions<MvcOptions>, ModelBindingMessages>();
        services.AddHealthEndpoints();
        services.AddTelemetry(builder.Configuration);
        services.AddWellKnownDocumentCache();

        // German text stays readable in the HTML (ü, not &#xFC;); encoding still escapes markup.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        HostingOptions.Add(services);
        services.AddProxyHeaders(); // the public origin, the host filter and the trusted proxies

        overrideServices?.Invoke(services);

        var app = builder.Build();
        app.UseProxyHeaders();
        app.UseMetricsEndpoint();
        app.UseExceptionHandler("/fehler/500");
        app.UseStatusCodePagesWithReExecute("/fehler/{0}", queryFormat: string.Empty); // the original query (e.g. ?handler=) must not pick a handler of the error page
        app.UseManagementApi(); // problem details and the reference page's policy, for /api only
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        app.UseProtocolCors(); // before the discovery cache and OpenIddict, which answer these paths themselves
        app.UseWellKnownDocumentCache();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseThrottling(); // limits counted in the shared database, before OpenIddict answers the token endpoint
        app.UseRateLimiter(); // the password-hashing queue (Accounts/Passwords/PasswordHashing)
        app.UseAuthentication();
        app.UseSecondFactorEnrolment(); // who must have a second factor and has none sees only its enrolment
        app.UseAuthorization();
        app.MapControllers();
        app.MapRazorPages();
        app.MapManagementApi();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        return app;
    }

    /// <summary>Brings the database up to date and, where configured, seeds demo data. Runs before the server listens.</summary>
    public static async Task PrepareAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        app.Services.GetService<IStartupValidator>()?.Validate(); // a wrong setting stops the start before any migration
        await app.Services.MigrateDatabaseAsync(cancellationToken);
        await app.Services.EnsurePlatformRolesAsync();
        await app.Services.EnsureManagementScopeAsync(cancellationToken);
        await app.Services.SeedDemoDataAsync(cancellationToken);
        await app.Services.LoadChamberDirectoryAsync(cancellationToken); // after the demo data, which seeds only into an empty Chambers table
    }
}
