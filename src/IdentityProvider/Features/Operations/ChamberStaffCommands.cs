using System.CommandLine;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Operations;

/// <summary>`grant-chamber-staff USERNAME KAMMERNUMMER` and `revoke-chamber-staff USERNAME`: who works on /kammer.</summary>
public static class ChamberStaffCommands
{
    public static Command Grant(OperatorContext context)
    {
        var userName = new Argument<string>("username");
        var kammernummer = new Argument<string>("Kammernummer");
        var command = new Command("grant-chamber-staff", "Makes a user chamber staff of the chamber with the Kammernummer (moves them if they work for another).")
        {
            userName, kammernummer,
        };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.Migrations, (services, token) =>
            GrantAsync(services, parseResult.GetRequiredValue(userName), parseResult.GetRequiredValue(kammernummer), context.Output, token), cancellationToken));
        return command;
    }

    public static Command Revoke(OperatorContext context)
    {
        var userName = new Argument<string>("username");
        var command = new Command("revoke-chamber-staff", "Ends a user's work as chamber staff.") { userName };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(parseResult, DatabasePreparation.Migrations, async (services, token) =>
        {
            var name = parseResult.GetRequiredValue(userName);
            var removed = await services.GetRequiredService<ApplicationDbContext>().ChamberStaff.Where(s => s.User.UserName == name).ExecuteDeleteAsync(token);
            await context.Output.WriteLineAsync(removed == 0 ? $"{name} was not chamber staff." : $"{name} is no longer chamber staff.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task<int> GrantAsync(IServiceProvider provider, string userName, string kammernummer, TextWriter output, CancellationToken cancellationToken)
    {
        var db = provider.GetRequiredService<ApplicationDbContext>();
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == userName, cancellationToken)
            ?? throw new OperatorCommandException($"No user {userName}.");
        var chamber = await ChamberAsync(db, kammernummer, cancellationToken);
        var now = provider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var staff = await db.ChamberStaff.SingleOrDefaultAsync(s => s.UserId == user.Id, cancellationToken);
        if (staff is null)
        {
            db.ChamberStaff.Add(new ChamberStaffMember { UserId = user.Id, ChamberId = chamber.Id, GrantedAt = now });
        }
        else
        {
            // Staff work for one chamber: granting another moves them.
            staff.ChamberId = chamber.Id;
            staff.GrantedAt = now;
        }

        db.Audit(AuditAction.ChamberStaffGranted, now, null, chamberId: chamber.Id, subject: user, details: "operator command");
        await db.SaveChangesAsync(cancellationToken);
        await output.WriteLineAsync($"{userName} is chamber staff of {chamber.Name} ({chamber.Kammernummer}).");
        return 0;
    }

    /// <summary>The chamber with the Kammernummer, or a refusal the operator can act on.</summary>
    internal static async Task<Chamber> ChamberAsync(ApplicationDbContext db, string kammernummer, CancellationToken cancellationToken) =>
        await db.Chambers.SingleOrDefaultAsync(c => c.Kammernummer == kammernummer, cancellationToken)
            ?? throw new OperatorCommandException($"No chamber with Kammernummer {kammernummer}.");
}
