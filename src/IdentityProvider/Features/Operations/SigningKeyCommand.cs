using System.CommandLine;
using MeineIhk.IdentityProvider.Features.Protocol.SigningKeys;
using MeineIhk.IdentityProvider.Hosting.Nodes;

namespace MeineIhk.IdentityProvider.Features.Operations;

/// <summary>
/// `rotate-signing-key [--withdraw]`: a new public signing key signs from now on (key compromise). Without
/// --withdraw the previous key stays published until its tokens have expired; with it, it leaves the JWKS at once
/// and its tokens stop validating. The running nodes are told at once (Hosting/Nodes); one that misses the notice
/// follows within SigningKeys:RefreshInterval.
/// </summary>
public static class SigningKeyCommand
{
    public static Command Create(OperatorContext context)
    {
        var withdraw = new Option<bool>("--withdraw")
        {
            Description = "Remove the key that signed until now from the JWKS at once (its tokens stop validating).",
        };
        var command = new Command("rotate-signing-key",
            "Replaces the public signing key at once (key compromise); without --withdraw the old key stays published until its tokens expire.")
        {
            withdraw,
        };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.Migrations, async (services, token) =>
        {
            var (newKeyId, withdrawnKeyId) = await services.GetRequiredService<SigningKeyRing>().RotateNowAsync(parseResult.GetValue(withdraw), token);
            await services.GetRequiredService<NodeSignal>().TellOthersAsync(NodeCacheTopics.SigningKeys, token); // the running nodes reload at once
            await context.Output.WriteLineAsync($"New signing key {newKeyId} signs from now on.");
            await context.Output.WriteLineAsync(withdrawnKeyId is null
                ? "The previous key stays published until the tokens it signed have expired."
                : $"Key {withdrawnKeyId} was withdrawn: it is no longer published and its tokens no longer validate.");
            return 0;
        }, cancellationToken));
        return command;
    }
}
