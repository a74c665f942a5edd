using MeineIhk.IdentityProvider.Features.Protocol;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Features.Protocol.ClientAuthentication;
using MeineIhk.Tests.Features.Protocol.SigningKeys;
using MeineIhk.Tests.Features.Protocol.Tokens;
using MeineIhk.Tests.Infrastructure.Http;

namespace MeineIhk.Tests.Features.Protocol;

public sealed class OrganisationChoiceTests
{
    private static readonly OrganisationContext WithRoleA = new(Guid.NewGuid(), "A GmbH", "1", "101", ["auszubildender"]);
    private static readonly OrganisationContext WithRoleB = new(Guid.NewGuid(), "B KG", "2", "102", ["ausbildender"]);
    private static readonly OrganisationContext WithoutRoleC = new(Guid.NewGuid(), "C AG", null, "101", []);
    private static readonly OrganisationContext WithoutRoleD = new(Guid.NewGuid(), "D eG", null, "102", []);

    [Fact]
    public void No_membership_names_no_organisation() =>
        Assert.IsType<OrganisationChoice.None>(OrganisationChoice.From([], null));

    [Fact]
    public void The_only_organisation_with_a_role_is_chosen_even_beside_memberships_without_one() =>
        Assert.Equal(WithRoleA, Assert.IsType<OrganisationChoice.Chosen>(OrganisationChoice.From([WithoutRoleC, WithRoleA], null)).Organisation);

    [Fact]
    public void Two_organisations_with_roles_must_be_chosen_between()
    {
        var ambiguous = Assert.IsType<OrganisationChoice.Ambiguous>(OrganisationChoice.From([WithRoleA, WithRoleB, WithoutRoleC], null));
        Assert.Equal([WithRoleA, WithRoleB], ambiguous.Candidates);
    }

    [Fact]
    public void A_hint_among_the_candidates_selects_it() =>
        Assert.Equal(WithRoleB, Assert.IsType<OrganisationChoice.Chosen>(OrganisationChoice.From([WithRoleA, WithRoleB], WithRoleB.OrganisationId.ToString())).Organisation);

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void An_unusable_hint_is_ignored(string hint) =>
        Assert.IsType<OrganisationChoice.Ambiguous>(OrganisationChoice.From([WithRoleA, WithRoleB], hint));

    [Fact]
    public void A_hint_cannot_pick_an_organisation_without_role_when_another_has_one() =>
        Assert.Equal(WithRoleA, Assert.IsType<OrganisationChoice.Chosen>(OrganisationChoice.From([WithRoleA, WithoutRoleC], WithoutRoleC.OrganisationId.ToString())).Organisation);

    [Fact]
    public void A_single_membership_without_role_is_still_named() =>
        Assert.Equal(WithoutRoleC, Assert.IsType<OrganisationChoice.Chosen>(OrganisationChoice.From([WithoutRoleC], null)).Organisation);

    [Fact]
    public void Several_memberships_without_role_name_none_unless_hinted()
    {
        Assert.IsType<OrganisationChoice.None>(OrganisationChoice.From([WithoutRoleC, WithoutRoleD], null));
        Assert.Equal(WithoutRoleD, Assert.IsType<OrganisationChoice.Chosen>(OrganisationChoice.From([WithoutRoleC, WithoutRoleD], WithoutRoleD.OrganisationId.ToString())).Organisation);
    }
}
