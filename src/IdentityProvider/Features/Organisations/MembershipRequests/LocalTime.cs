namespace MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;

/// <summary>Times are stored in UTC and shown as the chambers read them: German local time.</summary>
public static class LocalTime
{
    private static readonly TimeZoneInfo Zone = Find();

    public static DateTime Of(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

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
