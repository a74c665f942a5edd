using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.Join;
using MeineIhk.Tests.Browser;
using MeineIhk.Tests.Features.Notifications;
using MeineIhk.Tests.Features.Organisations.MembershipRequests;
using MeineIhk.Tests.Features.Organisations.Mine;
using MeineIhk.Tests.Infrastructure.TestData;

namespace MeineIhk.Tests.Features.Organisations.Join;

/// <summary>The join rule of chapter 5: exact data, forgiving only case and white space.</summary>
public sealed class OrganisationDataMatchTests
{
    private static readonly Organisation Spiel = new()
    {
        Firmierung = "Spiel- und Spaß GmbH", Rechtsform = "GmbH", Strasse = "Musterstraße", Hausnummer = "1a", Plz = "52062", Ort = "Aachen", Identnummer = "11",
    };

    [Theory]
    [InlineData("Spiel- und Spaß GmbH", "Musterstraße", "1a", "52062", "")]
    [InlineData("  spiel-  und   SPAß gmbh ", "MUSTERSTRAßE", " 1A", "52062 ", "11")]
    [InlineData("Spiel-\tund Spaß\u00a0GmbH", "musterstraße", "1a", "52062", " 11 ")]
    public void Case_and_white_space_variants_match(string firmierung, string strasse, string hausnummer, string plz, string identnummer) =>
        Assert.True(OrganisationDataMatch.Matches(Spiel, new JoinData(firmierung, strasse, hausnummer, plz, identnummer)));

    [Theory]
    [InlineData("Spiel und Spaß GmbH", "Musterstraße", "1a", "52062", "")] // a missing hyphen
    [InlineData("Spiel- und Spaß", "Musterstraße", "1a", "52062", "")] // no legal form
    [InlineData("Spiel- und Spaß GmbH", "Musterstr.", "1a", "52062", "")] // abbreviation
    [InlineData("Spiel- und Spaß GmbH", "Musterstraße", "1 a", "52062", "")] // space inside the number
    [InlineData("Spiel- und Spaß GmbH", "Musterstraße", "1a", "52063", "")]
    [InlineData("Spiel- und Spaß GmbH", "Musterstraße", "1a", "52062", "12")] // Identnummer given and wrong
    public void Near_misses_do_not_match(string firmierung, string strasse, string hausnummer, string plz, string identnummer) =>
        Assert.False(OrganisationDataMatch.Matches(Spiel, new JoinData(firmierung, strasse, hausnummer, plz, identnummer)));

    [Fact]
    public void Normalising_trims_collapses_inner_runs_and_ignores_case() =>
        Assert.Equal("SPIEL- UND SPAß GMBH", OrganisationDataMatch.Normalise("  Spiel-   und\n\tSpaß  gmbh  "));
}
