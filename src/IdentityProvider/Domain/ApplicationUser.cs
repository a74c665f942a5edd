using Microsoft.AspNetCore.Identity;

namespace MeineIhk.IdentityProvider.Domain;

public enum Anrede
{
    KeineAngabe = 0,
    Herr = 1,
    Frau = 2,
}

public class ApplicationUser : IdentityUser
{
    public Anrede Anrede { get; set; }

    public string? AcademicTitle { get; set; }

    public required string GivenName { get; set; }

    public required string FamilyName { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The version of the Informationspflichten the user accepted at registration, and when.</summary>
    public string? PrivacyNoticeVersion { get; set; }

    public DateTime? PrivacyNoticeAcceptedAt { get; set; }

    /// <summary>The user switched off the mail about a sign-in from a new browser (on "Angemeldete Geräte").</summary>
    public bool NewDeviceNoticesOff { get; set; }

    /// <summary>Up to two further addresses for recovery; each is usable once confirmed.</summary>
    public List<AdditionalEmail> AdditionalEmails { get; } = [];

    public List<Membership> Memberships { get; } = [];

    public string DisplayName => string.IsNullOrWhiteSpace(AcademicTitle)
        ? $"{GivenName} {FamilyName}"
        : $"{AcademicTitle} {GivenName} {FamilyName}";
}
