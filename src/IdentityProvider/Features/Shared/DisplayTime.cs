using System.Globalization;

namespace MeineIhk.IdentityProvider.Features.Shared;

/// <summary>
/// The one way a time reaches a person: stored in UTC, shown in German local time (Europe/Berlin), one format per
/// language — "03.12.2026, 08:30 Uhr" and "03 Dec 2026, 08:30". Pages, mails and letters all format through here.
/// </summary>
public static class DisplayTime
{
    private static readonly TimeZoneInfo Berlin = FindBerlin();

    /// <summary>The wall-clock time in Berlin of a UTC time (the database hands times back without a kind).</summary>
    public static DateTime InBerlin(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Berlin);

    public static DateTime InBerlin(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Berlin).DateTime;

    public static string Format(DateTime utc, CultureInfo? culture = null) => FormatBerlin(InBerlin(utc), culture);

    public static string Format(DateTimeOffset time, CultureInfo? culture = null) => FormatBerlin(InBerlin(time), culture);

    public static string FormatDate(DateTime utc, CultureInfo? culture = null) => DateOf(InBerlin(utc), culture);

    /// <summary>The UTC instant at which the given Berlin calendar day begins (filters by day).</summary>
    public static DateTime StartOfBerlinDay(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Berlin);

    public static string FormatDate(DateTimeOffset time, CultureInfo? culture = null) => DateOf(InBerlin(time), culture);

    private static string FormatBerlin(DateTime local, CultureInfo? culture) =>
        IsGerman(culture)
            ? local.ToString("dd.MM.yyyy, HH:mm 'Uhr'", CultureInfo.InvariantCulture)
            : local.ToString("dd MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    private static string DateOf(DateTime local, CultureInfo? culture) =>
        IsGerman(culture)
            ? local.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)
            : local.ToString("dd MMM yyyy", CultureInfo.InvariantCulture);

    private static bool IsGerman(CultureInfo? culture) =>
        (culture ?? CultureInfo.CurrentUICulture).TwoLetterISOLanguageName != "en";

    private static TimeZoneInfo FindBerlin()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        }
        catch (TimeZoneNotFoundException)
        {
            // Without time-zone data (a trimmed container) the rule itself: CET, CEST from the last Sunday of March
            // to the last Sunday of October.
            var summer = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday));
            return TimeZoneInfo.CreateCustomTimeZone("Europe/Berlin", TimeSpan.FromHours(1), "Europe/Berlin", "CET", "CEST", [summer]);
        }
    }
}
