using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>The section <c>Security</c>: limits beside the per-account lockout.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Form posts one client address may make per minute on the anonymous account pages.</summary>
    [Display(Name = "Security:FormPostsPerMinutePerAddress")]
    [Range(1, int.MaxValue)]
    public int FormPostsPerMinutePerAddress { get; set; } = 30;
}
