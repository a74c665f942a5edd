using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MeineIhk.IdentityProvider.Features.Sessions;

/// <summary>
/// The id of a login session at the provider (the <c>sid</c> claim of OpenID Connect). It lives in the Identity
/// cookie's properties, which the security-stamp check and <c>RefreshSignInAsync</c> carry over unchanged, so one
/// login keeps one id until logout; a new login gets a new one.
/// </summary>
public static class ProviderSession
{
    public const string ItemKey = ".sid";

    public static string? IdOf(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(ItemKey, out var sid) == true && !string.IsNullOrEmpty(sid) ? sid : null;

    /// <summary>Cookie event: a sign-in without a session id (a fresh login) gets one; a refresh keeps its own.</summary>
    public static void AddTo(CookieAuthenticationEvents events)
    {
        var earlier = events.OnSigningIn;
        events.OnSigningIn = async context =>
        {
            if (IdOf(context.Properties) is null)
            {
                context.Properties.Items[ItemKey] = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(24));
            }

            await earlier(context);
        };
    }
}
