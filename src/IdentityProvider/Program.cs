using MeineIhk.IdentityProvider.Features.Operations;

namespace MeineIhk.IdentityProvider;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Operator commands (migrate, imports, bootstrap, seed-scale) and --help: Features/Operations, never the server.
        if (OperatorCommandLine.Handles(args))
        {
            return await OperatorCommandLine.RunAsync(args);
        }

        var app = ProviderApp.Create(args);
        await app.PrepareAsync();
        await app.RunAsync();
        return 0;
    }
}
