using System.Globalization;

namespace MeineIhk.IdentityProvider.Features.Security;

/// <summary>Trail times are stored in UTC and shown in Europe/Berlin, one format per language.</summary>
public static class BerlinTime
{
    private static readonly TimeZoneInfo Zone = Find();

    public static string Format(DateTime utc, CultureInfo culture)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
        return local.ToString(culture.TwoLetterISOLanguageName == "de" ? "dd.MM.yyyy, HH:mm:ss" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>The UTC instant at which the given Berlin calendar day begins.</summary>
    public static DateTime StartOfDay(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone);

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
