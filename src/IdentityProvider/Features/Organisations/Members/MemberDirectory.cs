using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations.Members;

public sealed record MemberListItem(
    Guid MembershipId,
    string UserName,
    string GivenName,
    string FamilyName,
    string? Email,
    bool IsAdministrator,
    IReadOnlyList<Guid> RoleIds,
    bool HasSecondFactor = false);

public sealed record MemberPage(IReadOnlyList<MemberListItem> Items, int TotalCount, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

/// <summary>
/// "Organisationsmitglieder": one page of an organisation's members, searched by name, user name or e-mail,
/// ordered by family and given name. Only the requested page is read: one count, one page of members
/// (through the index on OrganisationId) and the roles of exactly those members.
/// </summary>
public sealed class MemberDirectory(ApplicationDbContext db)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public async Task<MemberPage> FindAsync(Guid organisationId, string? search, int page, int pageSize, CancellationToken cancellationToken)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var members = db.Memberships.AsNoTracking().Where(m => m.OrganisationId == organisationId);

        var term = search?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            // Identity's normalised columns are upper case. Names are compared as typed and lower-cased: SQLite's
            // lower() folds ASCII only, so "müller" and "MÜLLER" still find "Müller" (ü is left alone on both sides).
            var upper = term.ToUpperInvariant();
            var lower = term.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // runs as SQL lower(), where .NET cultures and comparisons do not apply
            members = members.Where(m =>
                m.User.NormalizedUserName!.Contains(upper)
                || m.User.NormalizedEmail!.Contains(upper)
                || m.User.GivenName.Contains(term)
                || m.User.FamilyName.Contains(term)
                || m.User.GivenName.ToLower().Contains(lower)
                || m.User.FamilyName.ToLower().Contains(lower));
#pragma warning restore CA1304, CA1311, CA1862
        }

        var total = await members.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pageCount);

        var rows = await members
            .OrderBy(m => m.User.FamilyName).ThenBy(m => m.User.GivenName).ThenBy(m => m.User.UserName).ThenBy(m => m.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(m => new { m.Id, m.User.UserName, m.User.GivenName, m.User.FamilyName, m.User.Email, m.IsAdministrator, m.User.TwoFactorEnabled })
            .ToListAsync(cancellationToken);

        var ids = rows.Select(r => r.Id).ToList();
        var roles = (await db.MemberRoles.AsNoTracking()
                .Where(r => ids.Contains(r.MembershipId))
                .Select(r => new { r.MembershipId, r.FachanwendungRoleId })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.MembershipId, r => r.FachanwendungRoleId);

        var items = rows
            .Select(r => new MemberListItem(r.Id, r.UserName ?? "", r.GivenName, r.FamilyName, r.Email, r.IsAdministrator, roles[r.Id].ToList(), r.TwoFactorEnabled))
            .ToList();
        return new MemberPage(items, total, page, pageSize);
    }
}
