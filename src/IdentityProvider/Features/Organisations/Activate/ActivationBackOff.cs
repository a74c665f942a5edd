using System.ComponentModel.DataAnnotations;
using System.Net;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Organisations.Activate;

public sealed class ActivationBackOffOptions
{
    [Display(Name = "Organisations:ActivationLetters:BackOff:FreeFailuresPerUser")]
    [Range(1, 100)]
    public int FreeFailuresPerUser { get; set; } = 3;

    /// <summary>Higher than per user: many people of one company may share one address.</summary>
    [Display(Name = "Organisations:ActivationLetters:BackOff:FreeFailuresPerAddress")]
    [Range(1, 100000)]
    public int FreeFailuresPerAddress { get; set; } = 10;

    [Display(Name = "Organisations:ActivationLetters:BackOff:FirstDelay")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Display(Name = "Organisations:ActivationLetters:BackOff:LongestDelay")]
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan LongestDelay { get; set; } = TimeSpan.FromHours(12);

    [Display(Name = "Organisations:ActivationLetters:BackOff:ForgetAfter")]
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>
/// The back-off of wrong activation passwords, per user and per client address (IPv6 grouped by /64, as one
/// connection usually holds a whole /64): while either waits, no password is even checked.
/// </summary>
public sealed class ActivationBackOff(ApplicationDbContext db, IOptions<ActivationBackOffOptions> options)
{
    /// <summary>Until when the user or the address must wait, or null.</summary>
    public async Task<DateTime?> BlockedUntilAsync(ApplicationUser user, IPAddress? address, DateTime now, CancellationToken cancellationToken)
    {
        var keys = Keys(user, address);
        var blocked = await db.ActivationAttempts.AsNoTracking()
            .Where(a => keys.Contains(a.Key) && a.BlockedUntil != null && a.BlockedUntil > now)
            .Select(a => a.BlockedUntil)
            .ToListAsync(cancellationToken);
        return blocked.Max();
    }

    /// <summary>Counts a failure for the user and the address (saved by the caller); the later of the two waits.</summary>
    public async Task<DateTime?> RegisterFailureAsync(ApplicationUser user, IPAddress? address, DateTime now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        DateTime? until = null;
        foreach (var key in Keys(user, address))
        {
            var attempts = await db.ActivationAttempts.SingleOrDefaultAsync(a => a.Key == key, cancellationToken);
            if (attempts is null)
            {
                attempts = new ActivationAttempts { Key = key };
                db.ActivationAttempts.Add(attempts);
            }

            attempts.RegisterFailure(now, key.StartsWith("user:", StringComparison.Ordinal) ? o.FreeFailuresPerUser : o.FreeFailuresPerAddress,
                o.FirstDelay, o.LongestDelay, o.ForgetAfter);
            if (attempts.BlockedUntil > now && (until is null || attempts.BlockedUntil > until))
            {
                until = attempts.BlockedUntil;
            }
        }

        return until;
    }

    /// <summary>The right password forgets the user's failures (not the address's: others behind it may be guessing).</summary>
    public async Task ForgetUserAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var key = UserKey(user);
        if (await db.ActivationAttempts.SingleOrDefaultAsync(a => a.Key == key, cancellationToken) is { } attempts)
        {
            attempts.Forget();
        }
    }

    private static string UserKey(ApplicationUser user) => "user:" + user.Id;

    private static List<string> Keys(ApplicationUser user, IPAddress? address)
    {
        var keys = new List<string> { UserKey(user) };
        if (address is not null)
        {
            keys.Add("address:" + ClientAddressGroup.Of(address));
        }

        return keys;
    }

}
