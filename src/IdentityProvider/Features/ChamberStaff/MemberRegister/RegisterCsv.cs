using System.Text;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.MemberRegister;

/// <summary>One problem of a register file: the line (1 = header), the column, and a resource key suffix.</summary>
public sealed record RegisterCsvError(int Line, string? Column, string Code);

/// <summary>A validated row of the member register file.</summary>
public sealed record RegisterCsvRow(
    int Line,
    string Identnummer,
    string Firmierung,
    string? Rechtsform,
    string Strasse,
    string Hausnummer,
    string Plz,
    string Ort,
    string? HrNummer,
    string? Registergericht,
    string? Registerart,
    string GeschaeftsfuehrungName,
    string GeschaeftsfuehrungStrasse,
    string GeschaeftsfuehrungHausnummer,
    string GeschaeftsfuehrungPlz,
    string GeschaeftsfuehrungOrt);

/// <summary>
/// Reads the member register file: UTF-8 (with or without BOM), semicolon separated as German Excel saves
/// "CSV UTF-8", a header row naming the columns (any order, case ignored, unknown columns ignored), quotes
/// as in RFC 4180. Every row is checked; the caller imports only a file without errors.
/// </summary>
public static class RegisterCsv
{
    public const int MaxReportedErrors = 100;

    /// <summary>The documented columns, with the longest value each may hold (as the database stores them).</summary>
    public static readonly IReadOnlyList<(string Name, int MaxLength, bool Required)> Columns =
    [
        ("Identnummer", 20, true),
        ("Firmierung", 200, true),
        ("Rechtsform", 50, false),
        ("Straße", 100, true),
        ("Hausnummer", 20, true),
        ("PLZ", 5, true),
        ("Ort", 100, true),
        ("HR-Nummer", 50, false),
        ("Registergericht", 100, false),
        ("Registerart", 20, false),
        ("Geschäftsführung", 200, false),
        ("GF-Straße", 100, false),
        ("GF-Hausnummer", 20, false),
        ("GF-PLZ", 5, false),
        ("GF-Ort", 100, false),
    ];

    /// <summary>The name line of a letter when the register names no manager.</summary>
    public const string DefaultManagementName = "Geschäftsführung";

    public static (List<RegisterCsvRow> Rows, List<RegisterCsvError> Errors) Read(Stream stream)
    {
        var rows = new List<RegisterCsvRow>();
        var errors = new List<RegisterCsvError>();
        string text;
        try
        {
            using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new RegisterCsvError(0, null, "NotUtf8"));
            return (rows, errors);
        }

        using var records = Records(text).GetEnumerator();
        if (!records.MoveNext())
        {
            errors.Add(new RegisterCsvError(1, null, "Empty"));
            return (rows, errors);
        }

        var header = records.Current.Fields.Select(f => f.Trim().TrimStart('\uFEFF')).ToList();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            index.TryAdd(header[i], i);
        }

        foreach (var (name, _, _) in Columns)
        {
            if (!index.ContainsKey(name))
            {
                errors.Add(new RegisterCsvError(1, name, "MissingColumn"));
            }
        }

        if (errors.Count > 0)
        {
            return (rows, errors);
        }

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (records.MoveNext() && errors.Count < MaxReportedErrors)
        {
            var (line, fields) = records.Current;
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue; // blank lines, e.g. at the end of the file
            }

            var values = new Dictionary<string, string?>();
            var rowErrors = new List<RegisterCsvError>();
            foreach (var (name, maxLength, required) in Columns)
            {
                var i = index[name];
                var value = i < fields.Count ? fields[i].Trim() : string.Empty;
                if (value.Length == 0)
                {
                    if (required)
                    {
                        rowErrors.Add(new RegisterCsvError(line, name, "Required"));
                    }

                    values[name] = null;
                    continue;
                }

                if (value.Length > maxLength)
                {
                    rowErrors.Add(new RegisterCsvError(line, name, "TooLong"));
                }
                else if (value.Any(char.IsControl))
                {
                    rowErrors.Add(new RegisterCsvError(line, name, "ControlCharacters"));
                }

                values[name] = value;
            }

            foreach (var plz in new[] { "PLZ", "GF-PLZ" })
            {
                if (values[plz] is { } code && (code.Length != 5 || !code.All(char.IsAsciiDigit)))
                {
                    rowErrors.Add(new RegisterCsvError(line, plz, "Plz"));
                }
            }

            // The management address is given whole or not at all (then the company's address is used).
            string[] managementAddress = ["GF-Straße", "GF-Hausnummer", "GF-PLZ", "GF-Ort"];
            var given = managementAddress.Count(c => values[c] is not null);
            if (given is > 0 and < 4)
            {
                rowErrors.AddRange(managementAddress.Where(c => values[c] is null).Select(c => new RegisterCsvError(line, c, "ManagementAddressIncomplete")));
            }

            if (values["Identnummer"] is { } ident)
            {
                if (seen.TryGetValue(ident, out _))
                {
                    rowErrors.Add(new RegisterCsvError(line, "Identnummer", "Duplicate"));
                }
                else
                {
                    seen[ident] = line;
                }
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
                continue;
            }

            var withManagementAddress = given == 4;
            rows.Add(new RegisterCsvRow(
                line,
                values["Identnummer"]!,
                values["Firmierung"]!,
                values["Rechtsform"],
                values["Straße"]!,
                values["Hausnummer"]!,
                values["PLZ"]!,
                values["Ort"]!,
                values["HR-Nummer"],
                values["Registergericht"],
                values["Registerart"],
                values["Geschäftsführung"] ?? DefaultManagementName,
                withManagementAddress ? values["GF-Straße"]! : values["Straße"]!,
                withManagementAddress ? values["GF-Hausnummer"]! : values["Hausnummer"]!,
                withManagementAddress ? values["GF-PLZ"]! : values["PLZ"]!,
                withManagementAddress ? values["GF-Ort"]! : values["Ort"]!));
        }

        return (rows, errors.Take(MaxReportedErrors).ToList());
    }

    /// <summary>RFC 4180 records with ';' as separator; each with the line number where it starts.</summary>
    internal static IEnumerable<(int Line, List<string> Fields)> Records(string text)
    {
        var line = 1;
        var position = 0;
        while (position < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var endOfRecord = false;
            while (position < text.Length && !endOfRecord)
            {
                var c = text[position++];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (position < text.Length && text[position] == '"')
                        {
                            field.Append('"');
                            position++;
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            line++;
                        }

                        field.Append(c);
                    }
                }
                else if (c == '"' && field.Length == 0)
                {
                    quoted = true;
                }
                else if (c == ';')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else if (c == '\r' && position < text.Length && text[position] == '\n')
                {
                    // CR LF: the LF ends the record.
                }
                else if (c == '\n' || c == '\r')
                {
                    line++;
                    endOfRecord = true;
                }
                else
                {
                    field.Append(c);
                }
            }

            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }
}
