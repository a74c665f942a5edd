using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>The section <c>Security</c>: limits beside the per-account lockout, counted across all nodes (<see cref="Throttling"/>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Form posts one client address may make per minute on the anonymous account pages.</summary>
    [Display(Name = "Security:FormPostsPerMinutePerAddress")]
    [Range(1, int.MaxValue)]
    public int FormPostsPerMinutePerAddress { get; set; } = 30;

    /// <summary>Token requests that name one client, per minute, from all addresses together.</summary>
    [Display(Name = "Security:TokenRequestsPerMinutePerClient")]
    [Range(1, int.MaxValue)]
    public int TokenRequestsPerMinutePerClient { get; set; } = 6000;

    /// <summary>Token requests from one client address (IPv6: one /64), per minute, for all clients together.</summary>
    [Display(Name = "Security:TokenRequestsPerMinutePerAddress")]
    [Range(1, int.MaxValue)]
    public int TokenRequestsPerMinutePerAddress { get; set; } = 3000;
}
