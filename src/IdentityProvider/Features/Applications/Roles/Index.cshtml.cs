using MeineIhk.IdentityProvider.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Applications.Roles;

/// <summary>The role catalogue: what members can be granted in this application, with how many hold each role.</summary>
public sealed class IndexModel(ApplicationRegistry registry, ApplicationDbContext db) : ApplicationsPage
{
    [BindProperty]
    public RoleInput Role { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public RegisteredApplication Application { get; private set; } = null!;

    public IReadOnlyDictionary<Guid, int> Holders { get; private set; } = new Dictionary<Guid, int>();

    public async Task<IActionResult> OnGetAsync(string clientId, CancellationToken cancellationToken) =>
        await LoadAsync(clientId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string clientId, CancellationToken cancellationToken)
    {
        var result = await registry.AddRoleAsync(clientId, Role.ToDefinition(), Actor, cancellationToken);
        if (Unless(result, "Role.") is { } notFound)
        {
            return notFound;
        }

        if (!result.Succeeded)
        {
            return await LoadAsync(clientId, cancellationToken) ? Page() : NotFound();
        }

        Message = T["Applications.Roles.Added", Role.Key!.Trim()];
        return RedirectToPage(new { clientId });
    }

    private async Task<bool> LoadAsync(string clientId, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(clientId, Actor, cancellationToken) is not { } application)
        {
            return false;
        }

        Application = application;
        var ids = application.Roles.Select(r => r.Id).ToList();
        Holders = await db.MemberRoles.Where(m => ids.Contains(m.FachanwendungRoleId))
            .GroupBy(m => m.FachanwendungRoleId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return true;
    }
}
