namespace MeineIhk.IdentityProvider.Features.Protocol;

/// <summary>The outcome of choosing the organisation a session acts for.</summary>
public abstract record OrganisationChoice
{
    private OrganisationChoice()
    {
    }

    /// <summary>No organisation is named: the user belongs to none, or to several without a role for the client.</summary>
    public sealed record None : OrganisationChoice;

    public sealed record Chosen(OrganisationContext Organisation) : OrganisationChoice;

    /// <summary>Several organisations qualify and nothing preselects one: the user must choose.</summary>
    public sealed record Ambiguous(IReadOnlyList<OrganisationContext> Candidates) : OrganisationChoice;

    /// <summary>
    /// Organisations where the user holds roles for the client are the candidates; a valid hint among them
    /// wins, one is taken, several must be chosen. Without any role for the client nobody needs to choose:
    /// a single membership (or a hinted one) is still named in the token, several are not.
    /// </summary>
    public static OrganisationChoice From(IReadOnlyList<OrganisationContext> memberships, string? hint)
    {
        var hintId = Guid.TryParse(hint, out var parsed) ? parsed : (Guid?)null;
        var withRoles = memberships.Where(m => m.HasRoles).ToList();
        var candidates = withRoles.Count > 0 ? withRoles : memberships.ToList();

        if (candidates.FirstOrDefault(c => c.OrganisationId == hintId) is { } hinted)
        {
            return new Chosen(hinted);
        }

        return candidates.Count switch
        {
            0 => new None(),
            1 => new Chosen(candidates[0]),
            _ when withRoles.Count == 0 => new None(),
            _ => new Ambiguous(candidates),
        };
    }
}
