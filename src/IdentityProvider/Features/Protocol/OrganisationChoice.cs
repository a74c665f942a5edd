namespace MeineIhk.IdentityProvider.Features.Protocol;

/// <summary>The outcome of choosing the organisation a session acts for.</summary>
public abstract record OrganisationChoice
{
    private OrganisationChoice()
    {
    }

    /// <summary>The user belongs to no active organisation.</summary>
    public sealed record None : OrganisationChoice;

    public sealed record Chosen(OrganisationContext Organisation) : OrganisationChoice;

    /// <summary>Several organisations qualify and nothing preselects one: the user must choose.</summary>
    public sealed record Ambiguous(IReadOnlyList<OrganisationContext> Candidates) : OrganisationChoice;

    /// <summary>
    /// Organisations where the user holds roles for the client are the candidates; only when there are none,
    /// memberships without a role are (so the token still names the organisation). A valid hint wins.
    /// </summary>
    public static OrganisationChoice From(IReadOnlyList<OrganisationContext> memberships, string? hint)
    {
        if (memberships.Count == 0)
        {
            return new None();
        }

        var withRoles = memberships.Where(m => m.HasRoles).ToList();
        var candidates = withRoles.Count > 0 ? withRoles : memberships.ToList();

        var hinted = Guid.TryParse(hint, out var hintId) ? candidates.FirstOrDefault(c => c.OrganisationId == hintId) : null;
        if (hinted is not null)
        {
            return new Chosen(hinted);
        }

        return candidates.Count == 1 ? new Chosen(candidates[0]) : new Ambiguous(candidates);
    }
}
