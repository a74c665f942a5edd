using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Applications;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace MeineIhk.IdentityProvider.Features.Support.Users;

/// <summary>
/// One person as support sees them (confirmed, locked and why, second factor, last sign-in, memberships) and the
/// three support actions. Unknown ids are 404, like every page under /plattform for anybody else.
/// </summary>
public sealed class DetailsModel(UserSupport support, UserManager<ApplicationUser> users) : PlatformPage
{
    [TempData]
    public string? Message { get; set; }

    public SupportedUser Person { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string userId, CancellationToken cancellationToken)
    {
        if (await support.StatusAsync(userId, cancellationToken) is not { } person)
        {
            return NotFound();
        }

        Person = person;
        return Page();
    }

    public Task<IActionResult> OnPostResendConfirmationAsync(string userId) =>
        ActAsync(userId, async (user, actor) =>
            await support.ResendConfirmationAsync(user, actor, Request) ? "Support.Done.ConfirmationResent" : "Support.Done.AlreadyConfirmed");

    public Task<IActionResult> OnPostUnlockAsync(string userId) =>
        ActAsync(userId, async (user, actor) =>
            await support.UnlockAsync(user, actor) ? "Support.Done.Unlocked" : "Support.Done.NotLocked");

    public Task<IActionResult> OnPostEndSessionsAsync(string userId, CancellationToken cancellationToken) =>
        ActAsync(userId, async (user, actor) =>
        {
            await support.EndSessionsAsync(user, actor, cancellationToken);
            return "Support.Done.SessionsEnded";
        });

    private async Task<IActionResult> ActAsync(string userId, Func<ApplicationUser, ApplicationUser, Task<string>> action)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return NotFound();
        }

        var actor = (await users.FindByIdAsync(UserId))!;
        Message = T[await action(user, actor), user.UserName!];
        return RedirectToPage(new { userId });
    }
}
