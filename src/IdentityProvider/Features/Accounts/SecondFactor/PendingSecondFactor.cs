using System.Security.Claims;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;

/// <summary>
/// Who passed the password and now owes the second factor: a short-lived cookie of its own (Identity's two-factor
/// cookie also carries the passkey ceremony's state, which would overwrite it). It names the user and the security
/// stamp at the time, so a password change meanwhile voids it.
/// </summary>
public static class PendingSecondFactor
{
    public const string Scheme = "MeineIhk.SecondFactorPending";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static Task StartAsync(HttpContext context, ApplicationUser user) =>
        context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim("stamp", user.SecurityStamp ?? string.Empty)], Scheme)));

    public static Task EndAsync(HttpContext context) => context.SignOutAsync(Scheme);

    public static async Task<ApplicationUser?> UserAsync(HttpContext context, UserManager<ApplicationUser> users)
    {
        var pending = await context.AuthenticateAsync(Scheme);
        if (pending.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return null;
        }

        var user = await users.FindByIdAsync(userId);
        return user is not null && user.SecurityStamp == pending.Principal.FindFirstValue("stamp") ? user : null;
    }
}
