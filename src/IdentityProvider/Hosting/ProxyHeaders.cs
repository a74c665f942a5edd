using MeineIhk.IdentityProvider.Hosting.Observability;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// Which Host and forwarded headers are accepted, set from the public origin: requests for another host are
/// refused (400), forwarded headers count only from the configured proxies (addresses or CIDR ranges), and a
/// forwarded host other than the issuer's is ignored. Links never depend on these headers (<see cref="PublicOrigin"/>);
/// this is defence in depth. Health and metrics answer whatever the Host, so that probes by address work.
/// </summary>
public static class ProxyHeaders
{
    private const string AllowedHostsKey = "AllowedHosts";

    /// <summary>Names a local probe or an operator on the machine itself uses; harmless, since no link follows the Host.</summary>
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddProxyHeaders(this IServiceCollection services)
    {
        services.AddPublicOrigin();

        // The web host's own host filter runs first of all; ours runs after the forwarded headers and spares the probes.
        var defaultFilter = services.FirstOrDefault(d => d.ServiceType == typeof(IStartupFilter) && d.ImplementationType?.Name == "HostFilteringStartupFilter");
        if (defaultFilter is not null)
        {
            services.Remove(defaultFilter);
        }

        services.AddOptions<HostFilteringOptions>().PostConfigure<IOptions<HostingOptions>, IConfiguration>((o, hosting, configuration) =>
        {
            var configured = configuration[AllowedHostsKey];
            if (!string.IsNullOrEmpty(configured) && configured != "*")
            {
                o.AllowedHosts = [.. configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }
            else if (hosting.Value.IssuerUri is { } issuer)
            {
                o.AllowedHosts = [issuer.Host, .. LoopbackHosts];
            }
            else
            {
                o.AllowedHosts = ["*"];
            }
        });

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HostingOptions>>((o, hosting) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in hosting.Value.KnownProxies)
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            foreach (var network in hosting.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            if (hosting.Value.IssuerUri is { } issuer)
            {
                o.AllowedHosts = [issuer.IsDefaultPort ? issuer.Host : issuer.Authority];
            }
        });
        return services;
    }

    private static IServiceCollection AddPublicOrigin(this IServiceCollection services)
    {
        services.AddSingleton<PublicOrigin>();
        return services;
    }

    /// <summary>Forwarded headers first (from trusted proxies only), then the host filter for everything but probes.</summary>
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseWhen(context => !HealthEndpoints.IsProbe(context.Request.Path), branch => branch.UseHostFiltering());
        return app;
    }
}
