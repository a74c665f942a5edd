using System.Resources;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using MeineIhk.SampleFachanwendung.Authentication;
using Microsoft.Extensions.WebEncoders;

[assembly: NeutralResourcesLanguage("de")]

namespace MeineIhk.SampleFachanwendung;

/// <summary>The "Digitales Berichtsheft": a Fachanwendung that logs in with meine ihk and uses the role claims.</summary>
public static class SampleApp
{
    // contentRoot: the folder holding wwwroot (tests pass src/SampleFachanwendung). settings: applied last, so they win.
    // overrideServices: runs after the app's own registrations (tests swap the TimeProvider).
    public static WebApplication Create(
        string[] args,
        string? contentRoot = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? overrideServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = "MeineIhk.SampleFachanwendung", // Razor Pages are found in this assembly even when a test runner hosts it
            ContentRootPath = contentRoot,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var services = builder.Services;
        services.AddBerichtsheftAuthentication(builder.Configuration);
        services.AddSampleLocalization();
        services.AddAuthorization(o => o.FallbackPolicy = o.DefaultPolicy); // pages are anonymous only when they say so
        services.AddRazorPages()
            .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false)
            .AddViewLocalization();
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(o => o.Cookie.Name = AuthenticationSetup.CookiePrefix(builder.Configuration) + ".Antiforgery");
        services.AddSingleton(TimeProvider.System);
        overrideServices?.Invoke(services);

        var app = builder.Build();
        app.UseExceptionHandler("/Error");
        app.UseSecurityHeaders(builder.Configuration);
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapBackChannelLogout();
        app.MapGet("/healthz", () => "ok").AllowAnonymous();
        return app;
    }
}

public static class Program
{
    public static Task Main(string[] args) => SampleApp.Create(args).RunAsync();
}
