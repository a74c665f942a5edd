using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Accounts;
using MeineIhk.IdentityProvider.Features.Notifications;
using MeineIhk.IdentityProvider.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.Organisations.Invitations;

/// <summary>
/// The link from the invitation mail. Anonymous visitors learn who invites them and log in or register first
/// (the link travels as returnUrl through login, registration and e-mail confirmation). A signed-in user
/// confirms with a button (mail scanners only GET); the POST uses up the invitation and creates a join request
/// with the invited roles for the administrators to approve.
/// </summary>
[AllowAnonymous]
public sealed class AcceptModel(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    Notifier notifier,
    TimeProvider clock) : PageModel
{
    public enum InvitationState
    {
        Invalid,
        Expired,
        Used,
        SignInFirst,
        AlreadyMember,
        AlreadyRequested,
        Ready,
        Requested,
    }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public InvitationState State { get; private set; } = InvitationState.Invalid;

    public string Firmierung { get; private set; } = "";

    public IReadOnlyList<string> Roles { get; private set; } = [];

    public string ReturnUrl => QueryHelpers.AddQueryString("/" + InvitationSender.AcceptPath, "token", Token ?? "");

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var invitation = await FindAsync(cancellationToken);
        State = await StateOfAsync(invitation, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }

        var invitation = await FindAsync(cancellationToken);
        State = await StateOfAsync(invitation, cancellationToken);
        if (State != InvitationState.Ready)
        {
            return Page();
        }

        var user = (await users.GetUserAsync(User))!;
        var now = clock.GetUtcNow().UtcDateTime;
        invitation!.Accept(user.Id, now);
        var request = new MembershipRequest
        {
            Kind = MembershipRequestKind.Join,
            OrganisationId = invitation.OrganisationId,
            UserId = user.Id,
            Reason = InvitationSender.JoinReason,
            InvitationId = invitation.Id,
            CreatedAt = now,
            InvitedAddressNotConfirmed = (await db.ConfirmedAddressesAsync(user))
                .Any(a => users.NormalizeEmail(a) == invitation.NormalizedEmail) ? null : invitation.Email,
        };
        foreach (var role in invitation.Roles)
        {
            request.RequestRole(role.Role);
        }

        db.MembershipRequests.Add(request);
        var administrators = await db.Memberships.Include(m => m.User)
            .Where(m => m.OrganisationId == invitation.OrganisationId && m.IsAdministrator)
            .ToListAsync(cancellationToken);
        var link = Request.PublicBaseUri();
        foreach (var administrator in administrators)
        {
            notifier.Notify(administrator.User, NotificationKind.JoinRequestReceived, invitation.Organisation, user.DisplayName, link);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same link confirmed twice at once: the invitation's stamp lets one request through.
            State = InvitationState.Used;
            return Page();
        }

        State = InvitationState.Requested;
        return Page();
    }

    private async Task<Invitation?> FindAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Token) || Token.Length > 100)
        {
            return null;
        }

        var hash = InvitationSender.Hash(Token);
        var invitation = await db.Invitations
            .Include(i => i.Organisation)
            .Include(i => i.Roles).ThenInclude(r => r.Role).ThenInclude(r => r.Fachanwendung)
            .SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        if (invitation is not null)
        {
            Firmierung = invitation.Organisation.Firmierung;
            var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
            Roles = invitation.Roles
                .Select(r => $"{r.Role.Fachanwendung.DisplayName(CultureInfo.CurrentUICulture)}: {(english ? r.Role.DisplayNameEn : r.Role.DisplayNameDe)}")
                .Order(StringComparer.CurrentCulture)
                .ToList();
        }

        return invitation;
    }

    private async Task<InvitationState> StateOfAsync(Invitation? invitation, CancellationToken cancellationToken)
    {
        if (invitation is null || invitation.RevokedAt is not null || invitation.Organisation.Status != OrganisationStatus.Active)
        {
            return InvitationState.Invalid;
        }

        if (invitation.AcceptedAt is not null)
        {
            return InvitationState.Used;
        }

        if (!invitation.IsUsable(clock.GetUtcNow().UtcDateTime))
        {
            return InvitationState.Expired;
        }

        if (User.Identity?.IsAuthenticated != true)
        {
            return InvitationState.SignInFirst;
        }

        var userId = users.GetUserId(User)!;
        if (await db.Memberships.AnyAsync(m => m.OrganisationId == invitation.OrganisationId && m.UserId == userId, cancellationToken))
        {
            return InvitationState.AlreadyMember;
        }

        return await db.MembershipRequests.AnyAsync(
                r => r.OrganisationId == invitation.OrganisationId && r.UserId == userId
                    && r.Kind == MembershipRequestKind.Join && r.Status == MembershipRequestStatus.Open,
                cancellationToken)
            ? InvitationState.AlreadyRequested
            : InvitationState.Ready;
    }
}
