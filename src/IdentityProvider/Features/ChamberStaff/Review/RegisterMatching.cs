using System.Text.RegularExpressions;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.EntityFrameworkCore;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Review;

public enum MatchKind
{
    Identnummer = 0,
    HrNummer = 1,
    FirmierungAndPlz = 2,
    Search = 3,
}

public sealed record RegisterCandidate(MemberRegisterEntry Entry, MatchKind Match);

/// <summary>One compared field: the request's value beside the register's, and whether they differ.</summary>
public sealed record ComparisonRow(string LabelKey, string? Requested, string? Registered)
{
    /// <summary>A field the requester left empty does not count as a difference (the optional fields).</summary>
    public bool Differs => !string.IsNullOrWhiteSpace(Requested) && RegisterMatching.Normalise(Requested) != RegisterMatching.Normalise(Registered);
}

/// <summary>
/// Finds the register entries that best fit a request: same Identnummer, same HR-Nummer, or same Firmierung
/// within the same PLZ. Case and white space are normalised, nothing more (as for join requests).
/// </summary>
public static partial class RegisterMatching
{
    public const int MaxCandidates = 5;

    public static string Normalise(string? value) =>
        value is null ? string.Empty : Blanks().Replace(value.Trim(), " ").ToLowerInvariant();

    public static async Task<List<RegisterCandidate>> FindAsync(
        ApplicationDbContext db, int chamberId, string? identnummer, string? hrNummer, string firmierung, string plz, string? search, CancellationToken cancellationToken)
    {
        identnummer = string.IsNullOrWhiteSpace(identnummer) ? null : identnummer.Trim();
        hrNummer = string.IsNullOrWhiteSpace(hrNummer) ? null : hrNummer.Trim();
        search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        var plzValue = plz.Trim();
        var entries = await db.MemberRegister.AsNoTracking()
            .Where(e => e.ChamberId == chamberId
                && ((identnummer != null && e.Identnummer == identnummer)
                    || (hrNummer != null && e.HrNummer == hrNummer)
                    || e.Plz == plzValue
                    || (search != null && (e.Identnummer == search || e.Firmierung.Contains(search)))))
            .Take(2000)
            .ToListAsync(cancellationToken);

        var candidates = new List<RegisterCandidate>();
        foreach (var entry in entries)
        {
            MatchKind? match = identnummer is not null && Normalise(entry.Identnummer) == Normalise(identnummer) ? MatchKind.Identnummer
                : hrNummer is not null && Compact(entry.HrNummer) == Compact(hrNummer) ? MatchKind.HrNummer
                : Normalise(entry.Firmierung) == Normalise(firmierung) && entry.Plz == plzValue ? MatchKind.FirmierungAndPlz
                : search is not null && (Normalise(entry.Identnummer) == Normalise(search) || Normalise(entry.Firmierung).Contains(Normalise(search), StringComparison.Ordinal)) ? MatchKind.Search
                : null;
            if (match is { } kind)
            {
                candidates.Add(new RegisterCandidate(entry, kind));
            }
        }

        return candidates.OrderBy(c => c.Match).ThenBy(c => c.Entry.Firmierung, StringComparer.Ordinal).Take(MaxCandidates).ToList();
    }

    public static IReadOnlyList<ComparisonRow> Compare(
        string firmierung, string? rechtsform, string strasse, string hausnummer, string plz, string ort,
        string? identnummer, string? hrNummer, string? registergericht, string? registerart, MemberRegisterEntry entry) =>
    [
        new("Chamber.Field.Firmierung", firmierung, entry.Firmierung),
        new("Chamber.Field.Rechtsform", rechtsform, entry.Rechtsform),
        new("Chamber.Field.Strasse", strasse, entry.Strasse),
        new("Chamber.Field.Hausnummer", hausnummer, entry.Hausnummer),
        new("Chamber.Field.Plz", plz, entry.Plz),
        new("Chamber.Field.Ort", ort, entry.Ort),
        new("Chamber.Field.Identnummer", identnummer, entry.Identnummer),
        new("Chamber.Field.HrNummer", hrNummer, entry.HrNummer),
        new("Chamber.Field.Registergericht", registergericht, entry.Registergericht),
        new("Chamber.Field.Registerart", registerart, entry.Registerart),
    ];

    private static string Compact(string? value) => Blanks().Replace(value ?? string.Empty, string.Empty).ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();
}
