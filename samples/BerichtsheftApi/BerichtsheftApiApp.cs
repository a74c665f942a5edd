using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace MeineIhk.BerichtsheftApi;

/// <summary>
/// The relying-party guide's resource server (docs/relying-parties.md, section 10): an API of the Digitales
/// Berichtsheft that accepts meine ihk's access tokens. Tests host it next to the provider
/// (tests/MeineIhk.Tests/Guide/ApiSampleTests.cs).
/// </summary>
public static class BerichtsheftApiApp
{
    public const string Policy = "berichtsheft";

    // contentRoot: the folder holding appsettings.json (tests pass samples/BerichtsheftApi). settings: applied last, so they win.
    public static WebApplication Create(string[] args, string? contentRoot = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = "MeineIhk.BerichtsheftApi",
            ContentRootPath = contentRoot,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var meineIhk = builder.Configuration.GetSection("MeineIhk");
        var authority = meineIhk["Authority"] ?? throw new InvalidOperationException("MeineIhk:Authority is required.");
        var audiences = meineIhk.GetSection("Audiences").Get<string[]>() ?? [];
        if (audiences.Length == 0)
        {
            throw new InvalidOperationException("MeineIhk:Audiences names this API's registered resource or its front end's client id: the aud it accepts.");
        }

        // snippet:start api-jwt-bearer
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.Authority = authority;     // the issuer: keys (JWKS) and iss come from its discovery document
                o.MapInboundClaims = false;  // keep role, org_id, client_id as meine ihk names them
                var rules = o.TokenValidationParameters;
                rules.ValidateIssuer = true;           // iss = the issuer of the discovery document
                rules.ValidateIssuerSigningKey = true; // signature from the JWKS (RS256, or ES256 where configured)
                rules.ValidateLifetime = true;         // exp (5 minutes after issue)
                rules.ClockSkew = TimeSpan.FromSeconds(30); // the default 5 minutes would double a token's life
                rules.ValidTypes = ["at+jwt"];         // an access token, never an ID token
                rules.ValidAudiences = audiences;      // aud: this API's resource (RFC 8707) or its front end's client id
                rules.NameClaimType = "name";
                rules.RoleClaimType = "role";
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy
                .RequireAuthenticatedUser()
                .RequireClaim("role")); // members without a role for this application: 403
        // snippet:end

        // TEST ONLY (outside the guide's snippet): the tests run meine ihk over plain http on 127.0.0.1.
        if (!meineIhk.GetValue("RequireHttpsMetadata", true))
        {
            var host = new Uri(authority).Host;
            if (host is not ("127.0.0.1" or "localhost"))
            {
                throw new InvalidOperationException("MeineIhk:RequireHttpsMetadata may be false only for a provider on localhost.");
            }

            builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.RequireHttpsMetadata = false);
        }

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        // snippet:start api-endpoint
        app.MapGet("/api/berichte", (ClaimsPrincipal user) => new
        {
            user = user.FindFirstValue("sub"),
            organisation = user.FindFirstValue("org_id"),
            roles = user.FindAll("role").Select(c => c.Value).ToArray(),
            trainer = user.IsInRole("ausbildender"), // RoleClaimType = "role"
        }).RequireAuthorization(Policy);
        // snippet:end

        app.MapGet("/healthz", () => "ok");
        return app;
    }
}

public static class Program
{
    public static Task Main(string[] args) => BerichtsheftApiApp.Create(args).RunAsync();
}
