using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Applications.Roles;

/// <summary>Display names and description of one role; the key stays (tokens carry it).</summary>
public sealed class EditModel(ApplicationRegistry registry) : ApplicationsPage
{
    [BindProperty]
    public RoleInput Role { get; set; } = new();

    public RegisteredApplication Application { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string clientId, string key, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(clientId, Actor, cancellationToken) is not { } application
            || application.Roles.SingleOrDefault(r => r.Key == key) is not { } role)
        {
            return NotFound();
        }

        Application = application;
        Role = new RoleInput { Key = role.Key, DisplayNameDe = role.DisplayNameDe, DisplayNameEn = role.DisplayNameEn, Description = role.Description };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string clientId, string key, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(clientId, Actor, cancellationToken) is not { } application
            || !application.Roles.Any(r => r.Key == key))
        {
            return NotFound();
        }

        Role.Key = key;
        var result = await registry.DescribeRoleAsync(clientId, Role.ToDefinition(), Actor, cancellationToken);
        if (Unless(result, "Role.") is { } notFound)
        {
            return notFound;
        }

        if (!result.Succeeded)
        {
            Application = application;
            return Page();
        }

        TempData["Message"] = T["Applications.Roles.Saved", key].Value;
        return RedirectToPage("Index", new { clientId });
    }
}
