using System.Globalization;
using MeineIhk.IdentityProvider.Features.Shared;

namespace MeineIhk.Tests.Features.Shared;

/// <summary>Times are stored in UTC and shown in German local time, one format per language (DESIGN.md, issue 18).</summary>
public sealed class DisplayTimeTests
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    [Theory]
    [InlineData("2026-12-03T07:30:00", "03.12.2026, 08:30 Uhr", "03 Dec 2026, 08:30")] // winter: CET, UTC+1
    [InlineData("2026-07-01T22:15:00", "02.07.2026, 00:15 Uhr", "02 Jul 2026, 00:15")] // summer: CEST, UTC+2, the next day
    [InlineData("2026-03-29T00:59:00", "29.03.2026, 01:59 Uhr", "29 Mar 2026, 01:59")] // just before the switch to summer time
    [InlineData("2026-03-29T01:00:00", "29.03.2026, 03:00 Uhr", "29 Mar 2026, 03:00")] // just after it
    public void A_stored_UTC_time_is_shown_in_Berlin_time_in_the_format_of_the_language(string utc, string german, string english)
    {
        // The database hands times back without a kind.
        var stored = DateTime.SpecifyKind(DateTime.Parse(utc, CultureInfo.InvariantCulture), DateTimeKind.Unspecified);

        Assert.Equal(german, DisplayTime.Format(stored, German));
        Assert.Equal(english, DisplayTime.Format(stored, English));
        Assert.Equal(german, DisplayTime.Format(new DateTimeOffset(DateTime.SpecifyKind(stored, DateTimeKind.Utc)), German));
        Assert.Equal(german[..10], DisplayTime.FormatDate(stored, German));
    }
}
