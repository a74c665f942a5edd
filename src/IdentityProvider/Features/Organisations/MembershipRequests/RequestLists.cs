namespace MeineIhk.IdentityProvider.Features.Organisations.MembershipRequests;

/// <summary>
/// What the expandable "Offene Anfragen" / "Meine Anfragen" lists of one organisation show, on the requests page and on
/// the dashboard (manual, chapter 4.2). <paramref name="HeadingLevel"/> is the level of the kind headings;
/// <paramref name="ReturnToDashboard"/> sends "Mir zuweisen" back to the dashboard.
/// </summary>
public sealed record RequestLists(
    Guid OrganisationId,
    string Firmierung,
    string CurrentUserId,
    IReadOnlyList<IndexModel.RequestRow> Requests,
    int HeadingLevel,
    bool ReturnToDashboard);
