using MeineIhk.IdentityProvider.Data;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Hosting.Nodes;

public static class NodesSetup
{
    /// <summary><see cref="NodeCaches"/> and the signal that fits the database (<see cref="NodesOptions.Signal"/>).</summary>
    public static IServiceCollection AddNodeCaches(this IServiceCollection services)
    {
        services.AddOptions<NodesOptions>().BindConfiguration(NodesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NodeCaches>();
        services.AddSingleton<NodeSignal>(sp =>
        {
            var provider = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider;
            var kind = sp.GetRequiredService<IOptions<NodesOptions>>().Value.Signal;
            if (kind == NodeSignalKind.Auto)
            {
                kind = provider switch
                {
                    DatabaseProvider.PostgreSql => NodeSignalKind.Notify,
                    DatabaseProvider.SqlServer => NodeSignalKind.Poll,
                    _ => NodeSignalKind.None,
                };
            }

            return kind switch
            {
                NodeSignalKind.Notify when provider == DatabaseProvider.PostgreSql => ActivatorUtilities.CreateInstance<PostgreSqlNodeSignal>(sp),
                NodeSignalKind.Notify => throw new InvalidOperationException("Nodes:Signal Notify needs Database:Provider PostgreSql; use Poll."),
                NodeSignalKind.Poll => ActivatorUtilities.CreateInstance<PolledNodeSignal>(sp),
                _ => ActivatorUtilities.CreateInstance<NoNodeSignal>(sp),
            };
        });
        services.AddHostedService(sp => sp.GetRequiredService<NodeSignal>());
        return services;
    }
}
