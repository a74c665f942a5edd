using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Applications.Roles;

/// <summary>Removing a role takes it from every member: the page says how many before, and how many after.</summary>
public sealed class RemoveModel(ApplicationRegistry registry) : ApplicationsPage
{
    public RegisteredApplication Application { get; private set; } = null!;

    public string Key { get; private set; } = string.Empty;

    public int Holders { get; private set; }

    public async Task<IActionResult> OnGetAsync(string clientId, string key, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(clientId, Actor, cancellationToken) is not { } application
            || await registry.CountHoldersAsync(clientId, key, Actor, cancellationToken) is not { } holders)
        {
            return NotFound();
        }

        Application = application;
        Key = key;
        Holders = holders;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string clientId, string key, CancellationToken cancellationToken)
    {
        var result = await registry.RemoveRoleAsync(clientId, key, Actor, cancellationToken);
        if (result.Status == ResultStatus.NotFound)
        {
            return NotFound();
        }

        TempData["Message"] = result.Succeeded
            ? T.Count("Applications.Roles.Removed", result.Value, key, result.Value).Value
            : string.Join(" ", result.Errors.Select(e => e.Message(T)));
        return RedirectToPage("Index", new { clientId });
    }
}
