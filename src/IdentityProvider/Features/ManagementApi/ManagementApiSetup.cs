using System.Text.Json;
using System.Text.Json.Serialization;
using MeineIhk.IdentityProvider.Features.Applications;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace MeineIhk.IdentityProvider.Features.ManagementApi;

/// <summary>The management API under /api/v1, its OpenAPI document at /openapi/v1.json and its reference page at /api/reference.</summary>
public static class ManagementApiSetup
{
    public const string DocumentName = "v1";

    public const string SecuritySchemeName = "oauth2";

    public const string ReferencePath = "/api/reference";

    public static IServiceCollection AddManagementApi(this IServiceCollection services)
    {
        services.AddManagementAccess();
        services.AddScoped<ApplicationImport>();
        services.AddProblemDetails();

        // A body that is not JSON or does not fit the schema (e.g. an unknown clientType) answers 400, also in Development.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });

        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, context, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "meine ihk management API",
                    Version = DocumentName,
                    Description = "Fachanwendungen (OAuth clients), their secrets and role catalogues. Authenticate with an access token " +
                        "from the client credentials grant of a client with management access, scope ihk.manage. Errors are RFC 9457 problem details.",
                };
                var issuer = context.ApplicationServices.GetRequiredService<IOptions<HostingOptions>>().Value.Issuer;
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "Client credentials of a Fachanwendung with management access.",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow
                        {
                            TokenUrl = issuer is { Length: > 0 } ? new Uri(new Uri(issuer), "connect/token") : new Uri("/connect/token", UriKind.Relative),
                            Scopes = new Dictionary<string, string> { [ApplicationRules.ManagementScope] = "Manage Fachanwendungen, secrets and roles" },
                        },
                    },
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [ApplicationRules.ManagementScope] }];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Problem details instead of the HTML error pages, for /api only (the Razor UI keeps its pages).</summary>
    public static IApplicationBuilder UseManagementApi(this IApplicationBuilder app) =>
        app.UseApiReferencePolicy().UseWhen(c => c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : 500 });
            api.UseStatusCodePages();
        });

    public static WebApplication MapManagementApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(ManagementAccess.Policy);
        api.MapApplicationsApi().MapSecretsApi().MapRolesApi();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, o => o
                .WithTitle("meine ihk – Management API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts() // the fonts would come from Scalar's CDN; the page uses the system fonts
                .DisableTelemetry()
                .AddPreferredSecuritySchemes(SecuritySchemeName)
                .AddClientCredentialsFlow(SecuritySchemeName, flow => flow.WithTokenUrl("/connect/token").WithSelectedScopes(ApplicationRules.ManagementScope)))
            .AllowAnonymous();
        return app;
    }
}
