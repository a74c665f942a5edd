using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations.Requests;

/// <summary>The roles of every enabled Fachanwendung, grouped per application, named in the UI language.</summary>
public sealed record RoleCatalogue(IReadOnlyList<RoleCatalogue.Application> Applications)
{
    public sealed record Application(string ClientId, string Name, IReadOnlyList<Role> Roles);

    public sealed record Role(Guid Id, string Key, string Name, string? Description);

    public IEnumerable<Role> AllRoles => Applications.SelectMany(a => a.Roles);

    public static async Task<RoleCatalogue> LoadAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var applications = await db.Fachanwendungen.AsNoTracking()
            .Where(f => f.IsEnabled)
            .Include(f => f.Roles)
            .ToListAsync(cancellationToken);
        return new RoleCatalogue(applications
            .Select(f => new Application(
                f.ClientId,
                english ? f.DisplayNameEn : f.DisplayNameDe,
                f.Roles.OrderBy(r => english ? r.DisplayNameEn : r.DisplayNameDe, StringComparer.CurrentCulture)
                    .Select(r => new Role(r.Id, r.Key, english ? r.DisplayNameEn : r.DisplayNameDe, r.Description))
                    .ToList()))
            .Where(a => a.Roles.Count > 0)
            .OrderBy(a => a.Name, StringComparer.CurrentCulture)
            .ToList());
    }

    /// <summary>The posted role ids that belong to the catalogue; anything else is dropped.</summary>
    public IReadOnlyList<Guid> Known(IEnumerable<Guid>? posted)
    {
        var known = AllRoles.Select(r => r.Id).ToHashSet();
        return (posted ?? []).Where(known.Contains).Distinct().ToList();
    }
}
