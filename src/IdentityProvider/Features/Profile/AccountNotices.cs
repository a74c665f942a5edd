using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts;
using MeineIhk.IdentityProvider.Features.Mail;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;

namespace MeineIhk.IdentityProvider.Features.Profile;

/// <summary>What every security-relevant change of an account does besides itself: tell the owner, end other sessions.</summary>
public sealed class AccountNotices(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    MailOutbox outbox,
    MailComposer composer,
    IOpenIddictTokenManager tokens,
    IOpenIddictAuthorizationManager authorizations)
{
    public const string UnlockPurpose = "UnlockAccount";

    /// <summary>A mail of <paramref name="purpose"/> to every confirmed address (stored by the caller's SaveChanges).</summary>
    public async Task NotifyAsync(ApplicationUser user, string purpose, Uri? action, params object[] arguments)
    {
        foreach (var address in await db.ConfirmedAddressesAsync(user))
        {
            outbox.Add(composer.Compose(purpose, address, CultureInfo.CurrentUICulture, user.DisplayName, action, arguments));
        }
    }

    /// <summary>Ends refresh tokens and authorizations at once; cookie sessions end at the next security-stamp check.</summary>
    public async Task EndTokensAsync(ApplicationUser user)
    {
        await tokens.RevokeBySubjectAsync(user.Id);
        await authorizations.RevokeBySubjectAsync(user.Id);
    }

    public async Task<Uri> UnlockLinkAsync(ApplicationUser user, HttpRequest request)
    {
        return AccountLink.For(request, "entsperren", user.Id, await users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, UnlockPurpose));
    }
}
