using MeineIhk.IdentityProvider.Features.Operations;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
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
        catch (Exception refused) when (refused is StartupRefusedException or OptionsValidationException)
        {
            // A configuration an operator must fix: the message names the keys; a stack trace would only hide them.
            await Console.Error.WriteLineAsync(refused.Message);
            return StartupRequirements.ExitCode;
        }
    }
}
