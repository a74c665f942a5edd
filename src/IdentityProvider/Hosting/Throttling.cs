using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// Limits form posts per client address on the anonymous account pages (login, registration, recovery),
/// beside the per-account lockout: guessing across many accounts from one address is slowed down too.
/// </summary>
public static class Throttling
{
    public const string PerClientAddress = "per-client-address";

    public static IServiceCollection AddThrottling(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((o, security) =>
        {
            var permits = security.Value.FormPostsPerMinutePerAddress;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                // ASVS 5.0 16.3.3: throttled requests are security events (the path says which limit).
                context.HttpContext.RequestServices.GetRequiredService<Features.Security.ISecurityEventTrail>().Record(new(
                    Features.Security.SecurityEventKind.Throttled,
                    Detail: context.HttpContext.Request.Path.Value,
                    RemoteAddress: Features.Security.ClientAddress.Of(context.HttpContext)));
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(PerClientAddress, context =>
                HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("reads")
                    : RateLimitPartition.GetSlidingWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new SlidingWindowRateLimiterOptions
                        {
                            PermitLimit = permits,
                            Window = TimeSpan.FromMinutes(1),
                            SegmentsPerWindow = 6,
                            QueueLimit = 0,
                        }));
        });
        return services;
    }
}
