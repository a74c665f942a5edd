using MeineIhk.IdentityProvider.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations.Invitations;

/// <summary>Reads an invitation link carried as returnUrl (through login and registration).</summary>
public sealed class InvitationLinks(ApplicationDbContext db, TimeProvider clock)
{
    /// <summary>The invited address of a usable invitation, when <paramref name="returnUrl"/> is its link; else null.</summary>
    public async Task<string?> InvitedAddressAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        var prefix = "/" + InvitationSender.AcceptPath + "?";
        if (returnUrl is null || !returnUrl.StartsWith(prefix, StringComparison.Ordinal)
            || !QueryHelpers.ParseQuery(returnUrl[(prefix.Length - 1)..]).TryGetValue("token", out var token)
            || string.IsNullOrEmpty(token) || token.ToString().Length > 100)
        {
            return null;
        }

        var hash = InvitationSender.Hash(token.ToString());
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Invitations
            .Where(i => i.TokenHash == hash && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .Select(i => i.Email)
            .SingleOrDefaultAsync(cancellationToken);
    }
}
