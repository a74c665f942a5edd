namespace MeineIhk.SampleFachanwendung.Pages.Berichtsheft;

/// <summary>
/// The role catalogue of client <c>berichtsheft</c> in meine ihk and what each role may do here. Display names
/// are resources <c>Role.{key}</c> and <c>Action.{slug}</c>.
/// </summary>
public static class BerichtsheftRoles
{
    public static readonly IReadOnlyList<RoleAction> Actions =
    [
        new("auszubildender", "bericht-schreiben"),
        new("ausbildender", "berichte-freigeben"),
        new("ausbildungsbeauftragter", "berichte-pruefen"),
        new("ausbildungsadministrator", "ausbildungsverhaeltnisse-verwalten"),
    ];
}

public sealed record RoleAction(string Role, string Slug);
