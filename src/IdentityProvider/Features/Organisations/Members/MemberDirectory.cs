using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations.Members;

public sealed record MemberRoleEntry(string ClientId, string Key);

public sealed record MemberEntry(
    Guid MembershipId, string UserId, string? UserName, string GivenName, string FamilyName, string? Email, bool IsAdministrator,
    IReadOnlyList<MemberRoleEntry> Roles);

public sealed record MemberPage(IReadOnlyList<MemberEntry> Members, int Page, int PageSize, int TotalCount)
{
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;
}

/// <summary>
/// The administrator's member list: an organisation's members with their roles, searchable by user name,
/// given or family name and e-mail, ordered by family name, one page at a time. It reads only the
/// organisation's memberships (index on OrganisationId) and their users by key, so its cost follows the
/// size of the organisation, not the number of users in the system.
/// </summary>
public sealed class MemberDirectory(ApplicationDbContext db)
{
    public const int DefaultPageSize = 50;

    public async Task<MemberPage> FindAsync(Guid organisationId, string? search, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(page, 1);
        pageSize = Math.Clamp(pageSize, 1, 200);

        var members = db.Memberships.AsNoTracking().Where(m => m.OrganisationId == organisationId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Upper case on both sides: case-insensitive on SQLite, PostgreSQL and SQL Server alike.
            var term = search.Trim().ToUpperInvariant();
            members = members.Where(m =>
                m.User.NormalizedUserName!.Contains(term, StringComparison.Ordinal)
                || m.User.NormalizedEmail!.Contains(term, StringComparison.Ordinal)
                || m.User.GivenName.ToUpperInvariant().Contains(term, StringComparison.Ordinal)
                || m.User.FamilyName.ToUpperInvariant().Contains(term, StringComparison.Ordinal));
        }

        var total = await members.CountAsync(cancellationToken);
        var rows = await members
            .OrderBy(m => m.User.FamilyName).ThenBy(m => m.User.GivenName).ThenBy(m => m.UserId)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(m => new
            {
                m.Id,
                m.UserId,
                m.User.UserName,
                m.User.GivenName,
                m.User.FamilyName,
                m.User.Email,
                m.IsAdministrator,
                Roles = m.Roles.Select(r => new MemberRoleEntry(r.Role.Fachanwendung.ClientId, r.Role.Key)).ToList(),
            })
            .ToListAsync(cancellationToken);

        var entries = rows
            .Select(r => new MemberEntry(r.Id, r.UserId, r.UserName, r.GivenName, r.FamilyName, r.Email, r.IsAdministrator,
                [.. r.Roles.OrderBy(x => x.ClientId, StringComparer.Ordinal).ThenBy(x => x.Key, StringComparer.Ordinal)]))
            .ToList();
        return new MemberPage(entries, page, pageSize, total);
    }
}
