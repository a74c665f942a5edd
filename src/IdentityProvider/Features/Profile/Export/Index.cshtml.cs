using System.Text.Json;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace MeineIhk.IdentityProvider.Features.Profile.Export;

/// <summary>Everything meine ihk holds about the user, as JSON (GDPR Art. 15 and 20). No secrets: no hashes, stamps or tokens.</summary>
public sealed class IndexModel(UserManager<ApplicationUser> users, ApplicationDbContext db, IOpenIddictAuthorizationManager authorizations, IOpenIddictApplicationManager applications, TimeProvider clock) : PageModel
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = (await users.GetUserAsync(User))!;
        var further = await db.AdditionalEmails.Where(e => e.UserId == user.Id)
            .Select(e => new { e.Address, e.CreatedAt, e.ConfirmedAt }).ToListAsync(cancellationToken);
        var memberships = await db.Memberships.Where(m => m.UserId == user.Id)
            .Select(m => new
            {
                Organisation = m.Organisation.Firmierung,
                m.Organisation.Identnummer,
                Chamber = m.Organisation.Chamber.Name,
                m.IsAdministrator,
                m.JoinedAt,
                Roles = m.Roles.Select(r => new { Application = r.Role.Fachanwendung.ClientId, Role = r.Role.Key, r.GrantedAt }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var mails = await db.OutboxMails.Where(m => m.Recipient == user.Email)
            .Select(m => new { m.Purpose, m.Subject, m.CreatedAt, m.SentAt }).ToListAsync(cancellationToken);

        var applicationsUsed = new List<object>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(user.Id, cancellationToken))
        {
            var applicationId = await authorizations.GetApplicationIdAsync(authorization, cancellationToken);
            var application = applicationId is null ? null : await applications.FindByIdAsync(applicationId, cancellationToken);
            applicationsUsed.Add(new
            {
                Application = application is null ? null : await applications.GetClientIdAsync(application, cancellationToken),
                Created = await authorizations.GetCreationDateAsync(authorization, cancellationToken),
                Status = await authorizations.GetStatusAsync(authorization, cancellationToken),
            });
        }

        var export = new
        {
            ExportedAt = clock.GetUtcNow().UtcDateTime,
            Account = new
            {
                user.Id,
                user.UserName,
                Anrede = user.Anrede.ToString(),
                user.AcademicTitle,
                user.GivenName,
                user.FamilyName,
                user.Email,
                user.EmailConfirmed,
                user.CreatedAt,
                user.PrivacyNoticeVersion,
                user.PrivacyNoticeAcceptedAt,
                user.LockoutEnd,
            },
            FurtherEmailAddresses = further,
            Memberships = memberships,
            ApplicationsLoggedInTo = applicationsUsed,
            MailsSent = mails,
        };
        return File(JsonSerializer.SerializeToUtf8Bytes(export, Json), "application/json", "meine-ihk-daten.json");
    }
}
