using System.CommandLine;
using MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;
using MeineIhk.IdentityProvider.Features.Applications;

namespace MeineIhk.IdentityProvider.Features.Operations;

/// <summary>
/// `reset-second-factor USER --reference TICKET [--cancel]`: the first run requests the reset (notice mail, audit), a
/// run after the waiting period (SecondFactor:ResetWaitingPeriod) carries it out; --cancel withdraws a request.
/// </summary>
public static class SecondFactorResetCommand
{
    public static Command Create(OperatorContext context)
    {
        var user = new Argument<string>("username-or-email");
        var reference = new Option<string>("--reference") { Description = "The support case in which the identity was checked (kept in the audit log).", Required = true };
        var cancel = new Option<bool>("--cancel") { Description = "Withdraws a pending request." };
        var command = new Command("reset-second-factor", "Resets a user's second factors after the waiting period (identity checked by support).") { user, reference, cancel };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.Migrations, async (services, token) =>
        {
            var nameOrEmail = parseResult.GetRequiredValue(user);
            var found = await services.GetRequiredService<PlatformPeople>().FindAsync(nameOrEmail, token)
                ?? throw new OperatorCommandException($"No user {nameOrEmail}.");
            var reset = services.GetRequiredService<SecondFactorReset>();
            var ticket = parseResult.GetRequiredValue(reference);
            if (parseResult.GetValue(cancel))
            {
                var cancelled = await reset.CancelAsync(found, ticket);
                await context.Output.WriteLineAsync(cancelled == SecondFactorReset.Outcome.Cancelled
                    ? $"The reset for {found.UserName} is withdrawn."
                    : $"No reset is pending for {found.UserName}.");
                return 0;
            }

            var (outcome, effectiveAt) = await reset.RequestOrResetAsync(found, ticket);
            await context.Output.WriteLineAsync(outcome switch
            {
                SecondFactorReset.Outcome.Requested => $"Reset for {found.UserName} requested; the user is notified. Run this again from {effectiveAt:u} on.",
                SecondFactorReset.Outcome.Waiting => $"The waiting period for {found.UserName} runs until {effectiveAt:u}.",
                _ => $"The second factors of {found.UserName} are reset; every session has ended.",
            });
            return outcome == SecondFactorReset.Outcome.Waiting ? 2 : 0;
        }, cancellationToken));
        return command;
    }
}
