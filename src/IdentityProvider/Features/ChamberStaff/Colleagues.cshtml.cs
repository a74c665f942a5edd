using MeineIhk.IdentityProvider.Data;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff;

/// <summary>The staff of the own chamber, so that colleagues know who else reviews and prints (no one else's chamber).</summary>
public sealed class ColleaguesModel(ApplicationDbContext db) : ChamberStaffPage
{
    public IReadOnlyList<Colleague> Colleagues { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Colleagues = await db.ChamberStaff.AsNoTracking()
            .Where(s => s.ChamberId == ChamberId)
            .OrderBy(s => s.User.FamilyName).ThenBy(s => s.User.GivenName)
            .Select(s => new Colleague(s.User.GivenName + " " + s.User.FamilyName, s.User.Email, s.GrantedAt))
            .ToListAsync(cancellationToken);

    public sealed record Colleague(string Name, string? Email, DateTime Since);
}
