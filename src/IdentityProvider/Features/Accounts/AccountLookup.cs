using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Accounts;

/// <summary>Finding an account by what a person types, and the addresses that may receive its recovery mails.</summary>
public static class AccountLookup
{
    /// <summary>By Benutzername, or by a confirmed e-mail address (main or further).</summary>
    public static async Task<ApplicationUser?> FindByNameOrConfirmedEmailAsync(this UserManager<ApplicationUser> users, ApplicationDbContext db, string nameOrEmail)
    {
        var value = nameOrEmail.Trim();
        var user = await users.FindByNameAsync(value);
        if (user is not null || !value.Contains('@', StringComparison.Ordinal))
        {
            return user;
        }

        var normalized = users.NormalizeEmail(value);
        user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized && u.EmailConfirmed);
        if (user is not null)
        {
            return user;
        }

        var further = await db.AdditionalEmails.Where(e => e.NormalizedAddress == normalized && e.ConfirmedAt != null).Select(e => e.UserId).FirstOrDefaultAsync();
        return further is null ? null : await users.FindByIdAsync(further);
    }

    /// <summary>Whether another account has the address as its main one or as a confirmed further one.</summary>
    public static async Task<bool> IsAddressTakenByAnotherAsync(this ApplicationDbContext db, ApplicationUser user, string normalized) =>
        await db.Users.AnyAsync(u => u.Id != user.Id && u.NormalizedEmail == normalized)
        || await db.AdditionalEmails.AnyAsync(e => e.UserId != user.Id && e.NormalizedAddress == normalized && e.ConfirmedAt != null);

    /// <summary>The main address (if confirmed) and every confirmed further address.</summary>
    public static async Task<List<string>> ConfirmedAddressesAsync(this ApplicationDbContext db, ApplicationUser user)
    {
        var addresses = await db.AdditionalEmails.Where(e => e.UserId == user.Id && e.ConfirmedAt != null).Select(e => e.Address).ToListAsync();
        if (user.EmailConfirmed && user.Email is not null)
        {
            addresses.Insert(0, user.Email);
        }

        return addresses;
    }
}
