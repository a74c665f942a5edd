using System.Globalization;
using System.Text;

namespace MeineIhk.IdentityProvider.Features.ChamberDirectory;

public sealed record ChamberRecord(string Kammernummer, string Name, string? Street, string? PostalCode, string? City);

/// <summary>Postal codes From..To (inclusive, as numbers) belong to the chamber with this Kammernummer.</summary>
public sealed record PostalCodeRange(int From, int To, string Kammernummer);

/// <summary>A chamber directory file an operator supplied is not usable; the message names file and line.</summary>
public sealed class ChamberDirectoryException(string message) : Exception(message);

/// <summary>
/// Reads the two operator files of the chamber directory: the chambers (Kammernummer;Name;Strasse;PLZ;Ort)
/// and the postal code ranges (PlzVon;PlzBis;Kammernummer). UTF-8, semicolon separated, lines starting with
/// '#' are comments, the first other line is the header. Every problem is reported with its line number, so
/// that a bad file stops the start instead of routing requests to the wrong chamber.
/// </summary>
public static class ChamberDirectoryFiles
{
    public static IReadOnlyList<ChamberRecord> ReadChambers(string path)
    {
        var chambers = new List<ChamberRecord>();
        foreach (var (line, fields) in Rows(path, "Kammernummer;Name;Strasse;PLZ;Ort", 5))
        {
            var kammernummer = fields[0];
            if (kammernummer.Length is 0 or > 10 || !kammernummer.All(char.IsAsciiLetterOrDigit))
            {
                throw Problem(path, line, $"Kammernummer '{kammernummer}' must be 1 to 10 letters or digits");
            }

            if (fields[1].Length is 0 or > 200)
            {
                throw Problem(path, line, "Name must be 1 to 200 characters");
            }

            if (chambers.Any(c => c.Kammernummer == kammernummer))
            {
                throw Problem(path, line, $"Kammernummer {kammernummer} appears twice");
            }

            chambers.Add(new ChamberRecord(kammernummer, fields[1], Optional(fields[2], 200), Optional(fields[3], 10), Optional(fields[4], 100)));
        }

        return chambers;
    }

    public static IReadOnlyList<PostalCodeRange> ReadPostalCodes(string path, IReadOnlyCollection<string> knownKammernummern)
    {
        var ranges = new List<PostalCodeRange>();
        foreach (var (line, fields) in Rows(path, "PlzVon;PlzBis;Kammernummer", 3))
        {
            if (!IsPostalCode(fields[0]) || !IsPostalCode(fields[1]))
            {
                throw Problem(path, line, "PlzVon and PlzBis must be five digits each");
            }

            var range = new PostalCodeRange(int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture), fields[2]);
            if (range.From > range.To)
            {
                throw Problem(path, line, "PlzVon is greater than PlzBis");
            }

            if (!knownKammernummern.Contains(range.Kammernummer))
            {
                throw Problem(path, line, $"Kammernummer {range.Kammernummer} is not in the chamber file");
            }

            if (ranges.FirstOrDefault(r => r.From <= range.To && range.From <= r.To) is { } overlapping)
            {
                throw Problem(path, line, $"range {fields[0]}-{fields[1]} overlaps {overlapping.From:D5}-{overlapping.To:D5}");
            }

            ranges.Add(range);
        }

        return ranges;
    }

    public static bool IsPostalCode(string? value) => value is { Length: 5 } && value.All(char.IsAsciiDigit);

    private static IEnumerable<(int Line, string[] Fields)> Rows(string path, string header, int columns)
    {
        if (!File.Exists(path))
        {
            throw new ChamberDirectoryException($"Chamber directory file not found: {path}");
        }

        var headerSeen = false;
        var number = 0;
        foreach (var raw in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            var text = raw.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var fields = text.Split(';').Select(f => f.Trim()).ToArray();
            if (!headerSeen)
            {
                if (!string.Equals(string.Join(';', fields), header, StringComparison.OrdinalIgnoreCase))
                {
                    throw Problem(path, number, $"expected the header '{header}'");
                }

                headerSeen = true;
                continue;
            }

            if (fields.Length != columns)
            {
                throw Problem(path, number, $"expected {columns} fields separated by ';', found {fields.Length}");
            }

            yield return (number, fields);
        }
    }

    private static string? Optional(string value, int maxLength) =>
        value.Length == 0 ? null : value.Length <= maxLength ? value : value[..maxLength];

    private static ChamberDirectoryException Problem(string path, int line, string problem) =>
        new($"{Path.GetFileName(path)}, line {line}: {problem}");
}
