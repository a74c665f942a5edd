using System.Text;
using MeineIhk.IdentityProvider.Domain;

namespace MeineIhk.IdentityProvider.Features.Organisations.Join;

/// <summary>
/// The rule of the manual's chapter 5: the data a user enters must be exactly the organisation's data
/// (Firmierung, Straße, Hausnummer, PLZ and, when given, the Identnummer). Only case and white space are
/// forgiven: leading and trailing space is dropped, inner runs count as one space, letters compare
/// case-insensitively. Nothing fuzzier, so that nobody finds a company by guessing.
/// </summary>
public static class OrganisationDataMatch
{
    public static string Normalise(string? value)
    {
        var text = new StringBuilder();
        var pendingSpace = false;
        foreach (var c in (value ?? string.Empty).Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }

            text.Append(char.ToUpperInvariant(c));
        }

        return text.ToString();
    }

    public static bool Same(string? entered, string? stored) =>
        string.Equals(Normalise(entered), Normalise(stored), StringComparison.Ordinal);

    public static bool Matches(Organisation organisation, JoinData entered) =>
        Same(entered.Firmierung, organisation.Firmierung)
        && Same(entered.Strasse, organisation.Strasse)
        && Same(entered.Hausnummer, organisation.Hausnummer)
        && Same(entered.Plz, organisation.Plz)
        && (string.IsNullOrWhiteSpace(entered.Identnummer) || Same(entered.Identnummer, organisation.Identnummer));
}

/// <summary>What the user entered on "Organisation beitreten".</summary>
public sealed record JoinData(string? Firmierung, string? Strasse, string? Hausnummer, string? Plz, string? Identnummer);
