using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using OpenIddict.Abstractions;

namespace MeineIhk.IdentityProvider.Features.Profile.Export;

/// <summary>
/// Everything meine ihk holds about a person (GDPR Art. 15 and 20), with names in the person's language: the JSON
/// download and the page "Meine gespeicherten Daten" show the same report. No secrets: no hashes, stamps or tokens.
/// </summary>
public sealed class PersonalDataReport(
    ApplicationDbContext db,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictApplicationManager applications,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock)
{
    public async Task<Report> ForAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var sections = new List<Section>
        {
            new(L("Account"), Many: false,
            [
                R(
                    F("Id", user.Id), F("UserName", user.UserName), F("Anrede", t["Anrede." + user.Anrede].Value), F("AcademicTitle", user.AcademicTitle),
                    F("GivenName", user.GivenName), F("FamilyName", user.FamilyName), F("Email", user.Email), F("EmailConfirmed", user.EmailConfirmed),
                    F("CreatedAt", user.CreatedAt), F("PrivacyNoticeVersion", user.PrivacyNoticeVersion), F("PrivacyNoticeAcceptedAt", user.PrivacyNoticeAcceptedAt),
                    F("LockedUntil", user.LockoutEnd?.UtcDateTime)),
            ]),
        };

        var further = await db.AdditionalEmails.AsNoTracking().Where(e => e.UserId == user.Id).OrderBy(e => e.CreatedAt).ToListAsync(cancellationToken);
        sections.Add(new(L("FurtherEmailAddresses"), Many: true,
            [.. further.Select(e => R(F("Address", e.Address), F("CreatedAt", e.CreatedAt), F("ConfirmedAt", e.ConfirmedAt)))]));

        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == user.Id)
            .OrderBy(m => m.Organisation.Firmierung)
            .Select(m => new
            {
                m.Organisation.Firmierung,
                m.Organisation.Identnummer,
                Chamber = m.Organisation.Chamber.Name,
                m.IsAdministrator,
                m.JoinedAt,
                Roles = m.Roles.Select(r => new { De = r.Role.Fachanwendung.DisplayNameDe + ": " + r.Role.DisplayNameDe, En = r.Role.Fachanwendung.DisplayNameEn + ": " + r.Role.DisplayNameEn }).ToList(),
            })
            .ToListAsync(cancellationToken);
        sections.Add(new(L("Memberships"), Many: true,
            [.. memberships.Select(m => R(
                F("Organisation", m.Firmierung), F("Identnummer", m.Identnummer), F("Chamber", m.Chamber), F("IsAdministrator", m.IsAdministrator),
                F("JoinedAt", m.JoinedAt), F("Roles", string.Join(", ", m.Roles.Select(r => english ? r.En : r.De)))))]));

        var used = new List<IReadOnlyList<Field>>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(user.Id, cancellationToken))
        {
            var applicationId = await authorizations.GetApplicationIdAsync(authorization, cancellationToken);
            var application = applicationId is null ? null : await applications.FindByIdAsync(applicationId, cancellationToken);
            used.Add(R(
                F("Application", application is null ? null : await applications.GetLocalizedDisplayNameAsync(application, cancellationToken) ?? await applications.GetClientIdAsync(application, cancellationToken)),
                F("CreatedAt", (await authorizations.GetCreationDateAsync(authorization, cancellationToken))?.UtcDateTime),
                F("Status", await authorizations.GetStatusAsync(authorization, cancellationToken) == OpenIddictConstants.Statuses.Valid ? t["Profile.Stored.Valid"].Value : t["Profile.Stored.Ended"].Value)));
        }

        sections.Add(new(L("ApplicationsLoggedInTo"), Many: true, used));

        var addresses = further.Select(e => e.Address).Append(user.Email).ToList();
        var mails = await db.OutboxMails.AsNoTracking().Where(m => addresses.Contains(m.Recipient)).OrderBy(m => m.CreatedAt)
            .Select(m => new { m.Recipient, m.Subject, m.CreatedAt, m.SentAt }).ToListAsync(cancellationToken);
        sections.Add(new(L("MailsSent"), Many: true,
            [.. mails.Select(m => R(F("Recipient", m.Recipient), F("Subject", m.Subject), F("CreatedAt", m.CreatedAt), F("SentAt", m.SentAt)))]));

        return new Report(clock.GetUtcNow().UtcDateTime, sections);
    }

    private static Field[] R(params Field[] fields) => fields;

    private string L(string name) => t["Profile.Stored." + name].Value;

    private Field F(string name, object? value) => new(L(name), value is bool b ? t[b ? "Profile.Stored.Yes" : "Profile.Stored.No"].Value : value);

    public sealed record Field(string Label, object? Value);

    /// <summary>A part of the report: one record (the account) or a list of records (addresses, memberships, …).</summary>
    public sealed record Section(string Title, bool Many, IReadOnlyList<IReadOnlyList<Field>> Records);

    public sealed record Report(DateTime ExportedAt, IReadOnlyList<Section> Sections);
}
