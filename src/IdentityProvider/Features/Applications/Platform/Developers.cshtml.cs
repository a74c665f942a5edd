using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Applications.Platform;

/// <summary>Who may register Fachanwendungen: platform administrators grant and revoke the developer role.</summary>
public sealed class DevelopersModel(PlatformPeople people, UserManager<ApplicationUser> users) : PlatformPage
{
    [BindProperty]
    public string? NameOrEmail { get; set; }

    [TempData]
    public string? Message { get; set; }

    public IReadOnlyList<ApplicationUser> Developers { get; private set; } = [];

    public async Task OnGetAsync() => Developers = await people.DevelopersAsync();

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken cancellationToken)
    {
        if (await people.FindAsync(NameOrEmail ?? string.Empty, cancellationToken) is not { } user)
        {
            ModelState.AddModelError(nameof(NameOrEmail), T["Platform.Developers.UnknownUser"]);
            Developers = await people.DevelopersAsync();
            return Page();
        }

        var granted = await people.GrantDeveloperAsync(user, await users.GetUserAsync(User));
        Message = T[granted ? "Platform.Developers.Granted" : "Platform.Developers.AlreadyDeveloper", user.UserName!];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string userId)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return NotFound();
        }

        await people.RevokeDeveloperAsync(user, await users.GetUserAsync(User));
        Message = T["Platform.Developers.Revoked", user.UserName!];
        return RedirectToPage();
    }
}
