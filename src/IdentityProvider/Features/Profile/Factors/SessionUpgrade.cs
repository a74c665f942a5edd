using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;
using MeineIhk.IdentityProvider.Features.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace MeineIhk.IdentityProvider.Features.Profile.Factors;

/// <summary>A factor just proved (a confirmed first code, a new passkey) counts for the session: it becomes multi-factor, keeps its id.</summary>
public static class SessionUpgrade
{
    public static async Task AddFactorAsync(HttpContext context, SignInManager<ApplicationUser> signIn, ApplicationUser user, string factor)
    {
        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        AuthenticationFactors.Mark(context, [.. AuthenticationFactors.Of(session.Properties).Where(m => m != AuthenticationFactors.MultiFactor), factor]);
        if (ProviderSession.IdOf(session.Properties) is { } sessionId)
        {
            AuthenticationFactors.KeepSession(context, sessionId);
        }

        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties(), []);
    }
}
