using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Features.Accounts.SecondFactor;

/// <summary>The section <c>SecondFactor</c>: who must use a second factor, and the waiting period of a factor reset.</summary>
public sealed class SecondFactorOptions
{
    public const string Section = "SecondFactor";

    [Display(Name = "SecondFactor:RequiredForPlatformAdministrators")]
    public bool RequiredForPlatformAdministrators { get; set; } = true;

    [Display(Name = "SecondFactor:RequiredForChamberStaff")]
    public bool RequiredForChamberStaff { get; set; } = true;

    [Display(Name = "SecondFactor:RequiredForDevelopers")]
    public bool RequiredForDevelopers { get; set; } = true;

    /// <summary>Off by default; an organisation's administrators can also switch it on for all their members.</summary>
    [Display(Name = "SecondFactor:RequiredForCompanyAdministrators")]
    public bool RequiredForCompanyAdministrators { get; set; }

    /// <summary>How long a factor reset by platform support waits before it takes effect (the owner is told at once).</summary>
    [Display(Name = "SecondFactor:ResetWaitingPeriod")]
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan ResetWaitingPeriod { get; set; } = TimeSpan.FromDays(3);
}
