using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Applications;

/// <summary>
/// The platform's own Identity roles: they exist from the start, and the developer role is granted and revoked here,
/// for the page under /plattform/entwickler and the operator commands alike (with an audit entry).
/// </summary>
public sealed class PlatformPeople(ApplicationDbContext db, UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in new[] { PlatformRoles.Administrator, PlatformRoles.Developer })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>A user by user name or e-mail address; null when none (or the e-mail is ambiguous).</summary>
    public async Task<ApplicationUser?> FindAsync(string nameOrEmail, CancellationToken cancellationToken = default)
    {
        var value = nameOrEmail.Trim();
        if (value.Length == 0)
        {
            return null;
        }

        if (await users.FindByNameAsync(value) is { } byName)
        {
            return byName;
        }

        var normalized = users.NormalizeEmail(value);
        var byEmail = await db.Users.Where(u => u.NormalizedEmail == normalized).Take(2).ToListAsync(cancellationToken);
        return byEmail.Count == 1 ? byEmail[0] : null;
    }

    public async Task<IReadOnlyList<ApplicationUser>> DevelopersAsync() =>
        [.. (await users.GetUsersInRoleAsync(PlatformRoles.Developer)).OrderBy(u => u.UserName, StringComparer.Ordinal)];

    /// <summary>True when the user became a developer, false when they were one already.</summary>
    public async Task<bool> GrantDeveloperAsync(ApplicationUser user, ApplicationUser? actor)
    {
        await EnsureRolesAsync();
        if (await users.IsInRoleAsync(user, PlatformRoles.Developer))
        {
            return false;
        }

        Check(await users.AddToRoleAsync(user, PlatformRoles.Developer));
        db.Audit(AuditAction.DeveloperGranted, clock.GetUtcNow().UtcDateTime, actor, subject: user, details: actor is null ? "operator command" : null);
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>True when the user was a developer. Their applications stay; a platform administrator can still manage them.</summary>
    public async Task<bool> RevokeDeveloperAsync(ApplicationUser user, ApplicationUser? actor)
    {
        if (!await users.IsInRoleAsync(user, PlatformRoles.Developer))
        {
            return false;
        }

        Check(await users.RemoveFromRoleAsync(user, PlatformRoles.Developer));
        db.Audit(AuditAction.DeveloperRevoked, clock.GetUtcNow().UtcDateTime, actor, subject: user, details: actor is null ? "operator command" : null);
        await db.SaveChangesAsync();
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }
}
