using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MeineIhk.IdentityProvider.Features.Accounts.Login;

/// <summary>
/// What follows a right password: the second factor for who has one; the enrolment for who must have one and has
/// none (the session then leads nowhere else, see <see cref="EnrolmentRequired"/>); otherwise the session at once.
/// </summary>
public static class SecondFactorStep
{
    public static async Task<IActionResult> AfterPasswordAsync(HttpContext context, ApplicationUser user, bool hasSecondFactor, string returnUrl)
    {
        if (hasSecondFactor)
        {
            await PendingSecondFactor.StartAsync(context, user);
            return new LocalRedirectResult("/anmelden/zweiter-faktor" + QueryString.Create("returnUrl", returnUrl));
        }

        var services = context.RequestServices;
        AuthenticationFactors.Mark(context, AuthenticationFactors.Password);
        var mustEnrol = await services.GetRequiredService<SecondFactorPolicy>().MustUseAsync(user, context.RequestAborted);
        if (mustEnrol)
        {
            AuthenticationFactors.MarkEnrolmentRequired(context);
        }

        await services.GetRequiredService<SignInManager<ApplicationUser>>().SignInWithClaimsAsync(user, new Microsoft.AspNetCore.Authentication.AuthenticationProperties(), []);
        return new LocalRedirectResult(mustEnrol ? "/konto/sicherheit/authenticator" + QueryString.Create("returnUrl", returnUrl) : returnUrl);
    }
}
