namespace MeineIhk.IdentityProvider.Features.ChamberDirectory;

/// <summary>Which chamber is responsible for a postal code: the ranges of the operator's file, held in memory.</summary>
public sealed class PostalCodeLookup
{
    private volatile PostalCodeRange[] _ranges = [];

    public int Count => _ranges.Length;

    public void Load(IEnumerable<PostalCodeRange> ranges) => _ranges = ranges.OrderBy(r => r.From).ToArray();

    /// <summary>The Kammernummer for a five-digit postal code, or null when no range covers it.</summary>
    public string? KammernummerFor(string? postalCode)
    {
        if (!ChamberDirectoryFiles.IsPostalCode(postalCode))
        {
            return null;
        }

        var code = int.Parse(postalCode!, System.Globalization.CultureInfo.InvariantCulture);
        var ranges = _ranges;
        int low = 0, high = ranges.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (code < ranges[middle].From)
            {
                high = middle - 1;
            }
            else if (code > ranges[middle].To)
            {
                low = middle + 1;
            }
            else
            {
                return ranges[middle].Kammernummer;
            }
        }

        return null;
    }
}
