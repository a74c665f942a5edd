using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Mail;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Organisations.Invitations;

public sealed class InvitationOptions
{
    /// <summary>How long a mailed link works.</summary>
    [Display(Name = "Organisations:Invitations:Lifetime")]
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Open (not accepted, revoked or expired) invitations one organisation may have at once.</summary>
    [Display(Name = "Organisations:Invitations:MaxOpenPerOrganisation")]
    [Range(1, 100_000)]
    public int MaxOpenPerOrganisation { get; set; } = 100;

    /// <summary>Invitation mails (first sends and resends) one organisation may send within an hour.</summary>
    [Display(Name = "Organisations:Invitations:MaxSentPerHour")]
    [Range(1, 100_000)]
    public int MaxSentPerHour { get; set; } = 30;
}

/// <summary>
/// "Benutzer hinzufügen": creates and resends invitations. The link carries 256 random bits; only their SHA-256
/// is stored, so a database reader cannot use an open link. Mail, audit entry and invitation are saved together.
/// </summary>
public sealed class InvitationSender(
    ApplicationDbContext db,
    MailOutbox outbox,
    MailComposer composer,
    TimeProvider clock,
    IOptions<InvitationOptions> options)
{
    public const string AcceptPath = "einladungen/annehmen";

    /// <summary>The fixed reason of a join request that came from an invitation link (quoted by the manual, chapter 4).</summary>
    public const string JoinReason = "Diese Beitrittsanfrage entstand durch die Bestätigung eines Einladungslinks, der durch einen Organisationsmitarbeiter erstellt wurde.";

    public InvitationOptions Options => options.Value;

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether this address may be invited now: done, or the rule it breaks (the field is the address's, or none for the organisation's limits).</summary>
    public async Task<Result<string>> CheckAsync(Organisation organisation, string email, string normalizedEmail, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var isMember = await db.Memberships.AnyAsync(
            m => m.OrganisationId == organisation.Id
                && (m.User.NormalizedEmail == normalizedEmail
                    || db.AdditionalEmails.Any(e => e.UserId == m.UserId && e.NormalizedAddress == normalizedEmail && e.ConfirmedAt != null)),
            cancellationToken);
        if (isMember)
        {
            return Result.Invalid<string>(nameof(Invitation.Email), "Invitations.AlreadyMember", email);
        }

        var open = db.Invitations.Where(i => i.OrganisationId == organisation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now);
        if (await open.AnyAsync(i => i.NormalizedEmail == normalizedEmail, cancellationToken))
        {
            return Result.Invalid<string>(nameof(Invitation.Email), "Invitations.AlreadyInvited", email);
        }

        if (await open.CountAsync(cancellationToken) >= Options.MaxOpenPerOrganisation)
        {
            return Result.Invalid<string>(string.Empty, "Invitations.TooManyOpen", Options.MaxOpenPerOrganisation);
        }

        return await SentWithinHourAsync(organisation.Id, now, cancellationToken) >= Options.MaxSentPerHour
            ? Result.Invalid<string>(string.Empty, "Invitations.TooManySent", Options.MaxSentPerHour)
            : Result.Done(email);
    }

    public async Task<bool> MaySendAgainAsync(Guid organisationId, CancellationToken cancellationToken) =>
        await SentWithinHourAsync(organisationId, clock.GetUtcNow().UtcDateTime, cancellationToken) < Options.MaxSentPerHour;

    /// <summary>Adds the invitation, its mail and the audit entry to the context; the caller saves.</summary>
    public Invitation Create(Organisation organisation, string email, string normalizedEmail, IEnumerable<FachanwendungRole> roles, ApplicationUser actor, Uri baseUrl)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = NewToken();
        var invitation = new Invitation
        {
            OrganisationId = organisation.Id,
            Email = email,
            NormalizedEmail = normalizedEmail,
            TokenHash = Hash(token),
            CreatedAt = now,
            LastSentAt = now,
            ExpiresAt = now + Options.Lifetime,
            CreatedByUserId = actor.Id,
        };
        foreach (var role in roles)
        {
            invitation.Roles.Add(new InvitationRole { InvitationId = invitation.Id, Invitation = invitation, FachanwendungRoleId = role.Id });
        }

        db.Invitations.Add(invitation);
        Mail(invitation, organisation, token, actor, baseUrl);
        return invitation;
    }

    /// <summary>A new token and expiry; the old link stops working.</summary>
    public void Resend(Invitation invitation, Organisation organisation, ApplicationUser actor, Uri baseUrl)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = NewToken();
        invitation.Resend(Hash(token), now, now + Options.Lifetime);
        Mail(invitation, organisation, token, actor, baseUrl);
    }

    private void Mail(Invitation invitation, Organisation organisation, string token, ApplicationUser actor, Uri baseUrl)
    {
        var link = new Uri(baseUrl, QueryHelpers.AddQueryString(AcceptPath, "token", token));
        var culture = CultureInfo.GetCultureInfo("de-DE"); // the invitee's language is unknown; German is the default
        outbox.Add(composer.Compose("Invitation", invitation.Email, culture, GreetingName(invitation), link,
            organisation.Firmierung, actor.DisplayName, DisplayTime.Format(invitation.ExpiresAt, culture)));
        db.Audit(AuditAction.InvitationSent, invitation.LastSentAt, actor, organisation.Id, organisation.ChamberId, details: invitation.Email);
    }

    /// <summary>A registered person is greeted by name; an unknown address gets the greeting without one.</summary>
    private string GreetingName(Invitation invitation) =>
        db.Users.AsNoTracking().FirstOrDefault(u => u.NormalizedEmail == invitation.NormalizedEmail && u.EmailConfirmed)?.DisplayName ?? string.Empty;

    private Task<int> SentWithinHourAsync(Guid organisationId, DateTime now, CancellationToken cancellationToken)
    {
        var since = now.AddHours(-1);
        return db.AuditEntries.CountAsync(
            a => a.OrganisationId == organisationId && a.OccurredAt > since && a.Action == AuditAction.InvitationSent, cancellationToken);
    }

    private static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
}
