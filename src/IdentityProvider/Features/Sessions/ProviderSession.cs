using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MeineIhk.IdentityProvider.Features.Sessions;

/// <summary>
/// The id of a login session at the provider (the <c>sid</c> claim of OpenID Connect). It lives in the Identity
/// cookie's properties, which the security-stamp check and <c>RefreshSignInAsync</c> carry over unchanged, so one
/// login keeps one id until logout; a new login gets a new one. Next to it lies the moment of that interactive
/// authentication (OIDC Core §2 <c>auth_time</c>), stamped here and nowhere else: whatever signs a person in afresh
/// (password, later a second factor) goes through this event, while renewals keep the stamp they had.
/// </summary>
public static class ProviderSession
{
    public const string ItemKey = ".sid";

    public const string AuthTimeKey = ".auth_time";

    public static string? IdOf(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(ItemKey, out var sid) == true && !string.IsNullOrEmpty(sid) ? sid : null;

    /// <summary>When the person last authenticated interactively; null for a session from before this was kept.</summary>
    public static DateTimeOffset? AuthTimeOf(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(AuthTimeKey, out var value) == true
        && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;

    /// <summary>Cookie event: a sign-in without a session id (a fresh login) gets one and its auth_time; a refresh keeps both.</summary>
    public static void AddTo(CookieAuthenticationEvents events)
    {
        var earlier = events.OnSigningIn;
        events.OnSigningIn = async context =>
        {
            // A page that authenticated the person names the factors of this request (Accounts/SecondFactor); a step-up
            // keeps the session's id. Either way auth_time becomes the time of this, the last interactive factor.
            var factors = Accounts.SecondFactor.AuthenticationFactors.MarkedFor(context.HttpContext);
            if (IdOf(context.Properties) is null || factors is not null)
            {
                context.Properties.Items[ItemKey] = Accounts.SecondFactor.AuthenticationFactors.KeptSession(context.HttpContext)
                    ?? Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(24));
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                context.Properties.Items[AuthTimeKey] = now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Properties.Items[Accounts.SecondFactor.AuthenticationFactors.ItemKey] = factors ?? Accounts.SecondFactor.AuthenticationFactors.Password;
                if (Accounts.SecondFactor.AuthenticationFactors.EnrolmentMarked(context.HttpContext))
                {
                    context.Properties.Items[Accounts.SecondFactor.AuthenticationFactors.EnrolmentItemKey] = "1";
                }
                else
                {
                    context.Properties.Items.Remove(Accounts.SecondFactor.AuthenticationFactors.EnrolmentItemKey);
                }
            }

            await earlier(context);
        };
    }
}
