namespace MeineIhk.IdentityProvider.Seeding;

/// <summary>
/// The demo world of the README. The Kammernummern here are SAMPLE VALUES (Beispielwerte) for
/// development and tests, not the chambers' official numbers.
/// </summary>
internal static class DemoCatalogue
{
    public const string AachenKammernummer = "101";
    public const string OstfrieslandKammernummer = "102";

    public const string BerichtsheftClientId = "berichtsheft";
    public const string PruefungClientId = "pruefungsanmeldung";

    /// <summary>The demo management-API client (Development only, secret from Demo:ManagementClientSecret).</summary>
    public const string ManagementClientId = "plattform-automation";

    public static readonly (string Key, string De, string En, string Description)[] BerichtsheftRoles =
    [
        ("ausbildender", "Ausbildende(r)", "Trainer", "Gibt Ausbildungsnachweise frei."),
        ("auszubildender", "Auszubildende(r)", "Apprentice", "Schreibt Ausbildungsnachweise."),
        ("ausbildungsbeauftragter", "Ausbildungsbeauftragte(r)", "Training officer", "Prüft Ausbildungsnachweise im Auftrag."),
        ("ausbildungsadministrator", "Ausbildungsadministrator(in)", "Training administrator", "Verwaltet Ausbildungsverhältnisse des Unternehmens."),
    ];

    public static readonly (string Key, string De, string En, string Description)[] PruefungRoles =
    [
        ("pruefungsteilnehmer", "Prüfungsteilnehmer(in)", "Examinee", "Meldet sich zu Prüfungen an."),
        ("pruefungsbeauftragter", "Prüfungsbeauftragte(r)", "Examination officer", "Meldet Auszubildende zu Prüfungen an."),
    ];
}
