using Microsoft.AspNetCore.Identity;

namespace MeineIhk.IdentityProvider.Features.Accounts.Passwords;

public static class PasswordPolicySetup
{
    /// <summary>
    /// Adds meine ihk's password rules (<see cref="PasswordPolicyValidator"/>) next to Identity's own and
    /// German/English error messages (<see cref="LocalizedIdentityErrorDescriber"/>). Needs AddLocalization.
    /// </summary>
    public static IdentityBuilder AddMeineIhkPasswordPolicy(this IdentityBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddPasswordValidator<PasswordPolicyValidator>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>();
    }
}
