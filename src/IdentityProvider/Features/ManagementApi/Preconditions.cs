using MeineIhk.IdentityProvider.Features.Applications;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace MeineIhk.IdentityProvider.Features.ManagementApi;

/// <summary>
/// Every PUT and DELETE under an application needs <c>If-Match</c> with the application's ETag from a GET
/// (RFC 9110 §13.1.1): without it 428 Precondition Required (RFC 6585 §3), with an old one 412 Precondition Failed,
/// so that two administrators never overwrite each other unknowingly. <c>If-Match: *</c> says "whatever is current".
/// </summary>
public static class Preconditions
{
    public static TBuilder RequireIfMatch<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var localizer = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            var ifMatch = http.Request.Headers.IfMatch.ToString();
            if (string.IsNullOrWhiteSpace(ifMatch))
            {
                return TypedResults.Problem(detail: localizer["ManagementApi.Problem.IfMatchRequired"], statusCode: StatusCodes.Status428PreconditionRequired);
            }

            if (ifMatch.Trim() == "*" || http.Request.RouteValues["clientId"] is not string clientId)
            {
                return await next(context);
            }

            var registry = http.RequestServices.GetRequiredService<ApplicationRegistry>();
            if (await registry.FindAsync(clientId, http.Actor(), http.RequestAborted) is not { } application)
            {
                return await next(context); // the endpoint answers 404
            }

            var current = ETag(application);
            var sent = EntityTagHeaderValue.TryParseList(ifMatch.Split(','), out var tags) ? tags : [];
            return sent.Any(t => !t.IsWeak && t.Tag.Value == current)
                ? await next(context)
                : TypedResults.Problem(detail: localizer["Applications.Error.Conflict"], statusCode: StatusCodes.Status412PreconditionFailed);
        });

    public static string ETag(RegisteredApplication application) => $"\"{application.Fachanwendung.ConcurrencyStamp}\"";
}

/// <summary>
/// Upper bounds on the lists one request may carry (ASVS 5.0 2.4.1 anti-automation, 15.2.x resource limits): a request
/// over a limit is answered 400 with problem details that name the field and the limit, before anything is read.
/// </summary>
public static class RequestLimits
{
    public const int Roles = 100;
    public const int Uris = RedirectUriRules.MaxCount;
    public const int Scopes = 20;
    public const int Resources = 20;
    public const int WebOrigins = 20;

    public static TBuilder LimitLists<TBuilder, TRequest>(this TBuilder builder, Func<TRequest, IEnumerable<(string Field, int Count, int Limit)>> lists)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            if (context.Arguments.OfType<TRequest>().FirstOrDefault() is { } request
                && lists(request).FirstOrDefault(l => l.Count > l.Limit) is { Field: not null } over)
            {
                var localizer = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                return TypedResults.Problem(
                    detail: localizer["ManagementApi.Problem.TooMany", over.Field, over.Limit],
                    statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["field"] = over.Field, ["limit"] = over.Limit });
            }

            return await next(context);
        });

    public static IEnumerable<(string Field, int Count, int Limit)> Of(CreateApplicationRequest r) =>
    [
        ("redirectUris", r.RedirectUris?.Count ?? 0, Uris), ("postLogoutRedirectUris", r.PostLogoutRedirectUris?.Count ?? 0, Uris),
        ("scopes", r.Scopes?.Count ?? 0, Scopes), ("roles", r.Roles?.Count ?? 0, Roles),
        ("resources", r.Resources?.Count ?? 0, Resources), ("webOrigins", r.WebOrigins?.Count ?? 0, WebOrigins),
    ];

    public static IEnumerable<(string Field, int Count, int Limit)> Of(UpdateApplicationRequest r) =>
    [
        ("redirectUris", r.RedirectUris?.Count ?? 0, Uris), ("postLogoutRedirectUris", r.PostLogoutRedirectUris?.Count ?? 0, Uris),
        ("scopes", r.Scopes?.Count ?? 0, Scopes), ("resources", r.Resources?.Count ?? 0, Resources), ("webOrigins", r.WebOrigins?.Count ?? 0, WebOrigins),
    ];
}
