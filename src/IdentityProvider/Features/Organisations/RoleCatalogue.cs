using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations;

/// <summary>The roles an administrator can give: every enabled Fachanwendung with its catalogue, in the reader's language.</summary>
public sealed record RoleCatalogue(IReadOnlyList<RoleCatalogue.Application> Applications)
{
    public sealed record Application(Guid Id, string ClientId, string Name, IReadOnlyList<Role> Roles);

    public sealed record Role(Guid Id, string Key, string Name, string? Description);

    public IEnumerable<Role> AllRoles => Applications.SelectMany(a => a.Roles);

    public bool Contains(Guid roleId) => Applications.Any(a => a.Roles.Any(r => r.Id == roleId));

    /// <summary>The posted role ids that belong to the catalogue; anything else is dropped.</summary>
    public IReadOnlyList<Guid> Known(IEnumerable<Guid>? posted)
    {
        var known = AllRoles.Select(r => r.Id).ToHashSet();
        return (posted ?? []).Where(known.Contains).Distinct().ToList();
    }

    /// <summary>In the current UI language.</summary>
    public static Task<RoleCatalogue> LoadAsync(ApplicationDbContext db, CancellationToken cancellationToken) =>
        LoadAsync(db, CultureInfo.CurrentUICulture, cancellationToken);

    public static async Task<RoleCatalogue> LoadAsync(ApplicationDbContext db, CultureInfo culture, CancellationToken cancellationToken)
    {
        var english = culture.TwoLetterISOLanguageName == "en";
        var applications = await db.Fachanwendungen.AsNoTracking()
            .Where(f => f.IsEnabled && f.ApprovedAt != null)
            .Include(f => f.Roles)
            .ToListAsync(cancellationToken);
        return new RoleCatalogue(applications
            .Select(f => new Application(
                f.Id,
                f.ClientId,
                f.DisplayName(culture),
                f.Roles
                    .OrderBy(r => english ? r.DisplayNameEn : r.DisplayNameDe, StringComparer.Create(culture, ignoreCase: true))
                    .Select(r => new Role(r.Id, r.Key, english ? r.DisplayNameEn : r.DisplayNameDe, r.Description))
                    .ToList()))
            .Where(a => a.Roles.Count > 0)
            .OrderBy(a => a.Name, StringComparer.Create(culture, ignoreCase: true))
            .ToList());
    }
}
