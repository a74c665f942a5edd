using System.Globalization;
using System.Text.RegularExpressions;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Organisations.Audit;

/// <summary>One line of the log as a person reads it.</summary>
public sealed record AuditLine(string When, string Who, string What, string ForWhom, string Details);

/// <summary>
/// Turns stored audit entries (stable codes, role keys, letter ids) into the words of the reader's language: role and
/// application names instead of keys, no internal identifiers, and people whose account no longer exists as
/// "gelöschte Person".
/// </summary>
public sealed partial class AuditText(ApplicationDbContext db, IStringLocalizer<SharedResource> t)
{
    public async Task<IReadOnlyList<AuditLine>> DescribeAsync(IReadOnlyList<AuditEntry> entries, CultureInfo culture, CancellationToken cancellationToken)
    {
        var people = entries.SelectMany(e => new[] { e.ActorUserId, e.SubjectUserId }).OfType<string>().Distinct().ToList();
        var existing = (await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var roles = await RoleNamesAsync(culture, cancellationToken);
        return [.. entries.Select(e => new AuditLine(
            DisplayTime.Format(e.OccurredAt, culture),
            Person(e.ActorUserId, e.ActorName, existing),
            Action(e.Action),
            Person(e.SubjectUserId, e.SubjectName, existing),
            Details(e, roles)))];
    }

    private string Person(string? userId, string? name, HashSet<string> existing) =>
        name == AuditEntry.DeletedPerson || (userId is not null && !existing.Contains(userId)) ? t["Audit.DeletedPerson"].Value
        : string.IsNullOrWhiteSpace(name) ? "–"
        : name;

    private string Action(string action)
    {
        var text = t["Audit." + action];
        return text.ResourceNotFound ? t["Audit.Other"].Value : text.Value;
    }

    private string Details(AuditEntry entry, IReadOnlyDictionary<string, string> roles)
    {
        var details = entry.Details;
        if (string.IsNullOrWhiteSpace(details))
        {
            return string.Empty;
        }

        switch (entry.Action)
        {
            case AuditAction.LetterIssued:
                var reason = details.Split(' ', 2) is [_, var r] ? t["Audit.LetterReason." + r] : null;
                return reason is null || reason.ResourceNotFound ? string.Empty : reason.Value;
            case AuditAction.OrganisationDataChanged when details == "contact":
                return t["Audit.ContactData"].Value;
            case AuditAction.RoleGranted or AuditAction.RoleWithdrawn or AuditAction.JoinRequestApproved or AuditAction.RoleRequestApproved:
                return string.Join(", ", details.Split(", ").Select(part => roles.TryGetValue(part.Trim(), out var name) ? name : part.Trim()));
        }

        // Letter and change ids and the like mean nothing to a reader.
        return Identifier().Replace(details, string.Empty).Trim();
    }

    /// <summary>Both spellings the log holds ("client: key" and "Anwendung: Rolle" in German) to the reader's "Anwendung: Rolle".</summary>
    private async Task<IReadOnlyDictionary<string, string>> RoleNamesAsync(CultureInfo culture, CancellationToken cancellationToken)
    {
        var english = culture.TwoLetterISOLanguageName == "en";
        var all = await db.Set<FachanwendungRole>().AsNoTracking()
            .Select(r => new { r.Key, r.DisplayNameDe, r.DisplayNameEn, r.Fachanwendung.ClientId, App = r.Fachanwendung.DisplayNameDe, AppEn = r.Fachanwendung.DisplayNameEn })
            .ToListAsync(cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in all)
        {
            var shown = english ? $"{role.AppEn}: {role.DisplayNameEn}" : $"{role.App}: {role.DisplayNameDe}";
            names.TryAdd($"{role.ClientId}: {role.Key}", shown);
            names.TryAdd($"{role.App}: {role.DisplayNameDe}", shown);
        }

        return names;
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Identifier();
}
