using System.Text.Json;
using System.Threading.RateLimiting;
using MeineIhk.IdentityProvider.Features.Security;
using MeineIhk.IdentityProvider.Hosting.Nodes;
using MeineIhk.IdentityProvider.Hosting.Observability;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// Limits counted in the shared database (<see cref="SharedCounters"/>), so that N nodes allow the limit, not N times it:
/// form posts per client address on the anonymous account pages (login, registration, recovery, activation), beside
/// the per-account lockout; and token requests per client and per client address (RFC 9700 §4.10 / ASVS 5.0 2.4.1).
/// Addresses are grouped by <see cref="ClientAddressGroup"/> (IPv6 by /64). A refused request gets 429 with
/// <c>Retry-After</c> and a security event <see cref="SecurityEventKind.Throttled"/>.
/// </summary>
public static class Throttling
{
    /// <summary>Marks the pages whose posts count per client address (<c>[EnableRateLimiting(PerClientAddress)]</c>).</summary>
    public const string PerClientAddress = "per-client-address";

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static readonly PathString TokenEndpoint = "/connect/token";

    public static IServiceCollection AddThrottling(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SharedCounters>();
        services.AddHostedService<SharedCounterPruning>();

        // The in-process limiter runs only the password-hashing queue (PasswordHashing); the attribute's policy here
        // only marks the pages that UseThrottling counts in the shared database.
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PerClientAddress, _ => RateLimitPartition.GetNoLimiter("counted-in-the-database"));
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ISecurityEventTrail>().Record(new SecurityEvent(
                    SecurityEventKind.Throttled, Detail: "password-hashing-queue", RemoteAddress: ClientAddressGroup.Of(context.HttpContext.Connection.RemoteIpAddress)));
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>After routing (the page's marker is known) and before authentication (where OpenIddict answers the token endpoint).</summary>
    public static IApplicationBuilder UseThrottling(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals(TokenEndpoint, StringComparison.OrdinalIgnoreCase))
        {
            if (await RefusedTokenRequestAsync(context))
            {
                return;
            }
        }
        else if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && IsThrottledPage(context))
        {
            if (await RefusedFormPostAsync(context))
            {
                return;
            }
        }

        await next(context);
    });

    private static bool IsThrottledPage(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is { PolicyName: PerClientAddress };

    private static async Task<bool> RefusedFormPostAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.FormPostsPerMinutePerAddress;
        var address = ClientAddressGroup.Of(context.Connection.RemoteIpAddress);
        var key = "form:" + address;
        var hits = await context.RequestServices.GetRequiredService<SharedCounters>().HitAsync([key], Window, context.RequestAborted);
        if (hits[key] <= limit)
        {
            return false;
        }

        Refuse(context, hits, "form", address, clientId: null);
        return true; // an empty 429: the status code page ("Zu viele Versuche") answers it
    }

    private static async Task<bool> RefusedTokenRequestAsync(HttpContext context)
    {
        var security = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var address = ClientAddressGroup.Of(context.Connection.RemoteIpAddress);
        var clientId = await NamedClientAsync(context.Request);
        var addressKey = "token-address:" + address;
        var clientKey = clientId is null ? null : "token-client:" + clientId;
        var hits = await context.RequestServices.GetRequiredService<SharedCounters>()
            .HitAsync(clientKey is null ? [addressKey] : [addressKey, clientKey], Window, context.RequestAborted);

        var reason = hits[addressKey] > security.TokenRequestsPerMinutePerAddress ? "token-address"
            : clientKey is not null && hits[clientKey] > security.TokenRequestsPerMinutePerClient ? "token-client"
            : null;
        if (reason is null)
        {
            return false;
        }

        Refuse(context, hits, reason, address, clientId);
        context.Response.ContentType = "application/json;charset=UTF-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["error"] = "temporarily_unavailable",
            ["error_description"] = $"Too many token requests; retry after {(int)hits.WindowEndsIn.TotalSeconds} seconds.",
        }), context.RequestAborted);
        return true;
    }

    /// <summary>The client a token request names: <c>client_id</c> in the form, else the user name of Basic authentication.</summary>
    private static async Task<string?> NamedClientAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted); // kept in the request; OpenIddict reads the same
            if (form["client_id"].ToString() is { Length: > 0 and <= 100 } fromForm)
            {
                return fromForm;
            }
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
                var name = Uri.UnescapeDataString(decoded.Split(':', 2)[0]);
                return name is { Length: > 0 and <= 100 } ? name : null;
            }
            catch (FormatException)
            {
                return null; // OpenIddict answers the malformed header itself
            }
        }

        return null;
    }

    private static void Refuse(HttpContext context, CountedHits hits, string reason, string address, string? clientId)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(hits.WindowEndsIn.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ProviderMetrics>().Throttled(context.Request.Path.Value ?? "");
        context.RequestServices.GetRequiredService<ISecurityEventTrail>().Record(
            new SecurityEvent(SecurityEventKind.Throttled, ClientId: clientId, Detail: reason, RemoteAddress: address));
    }
}
