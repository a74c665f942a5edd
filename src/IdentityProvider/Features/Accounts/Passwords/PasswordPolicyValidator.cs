using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Accounts.Passwords;

/// <summary>
/// The rules of meine ihk beyond Identity's own (length, character classes): no common password (ASVS 5.0 6.2.4),
/// not the user name or the e-mail's local part inside, at most <see cref="MaximumLength"/> characters.
/// Reports every unmet rule at once.
/// </summary>
public sealed class PasswordPolicyValidator : IPasswordValidator<ApplicationUser>
{
    /// <summary>Passwords up to this length are accepted (ASVS asks for at least 64).</summary>
    public const int MaximumLength = 256;

    /// <summary>User names and e-mail local parts shorter than this are not looked for inside the password.</summary>
    public const int MinimumFragmentLength = 3;

    private readonly LocalizedIdentityErrorDescriber _describer;

    public PasswordPolicyValidator(IStringLocalizer<IdentityErrors> localizer)
    {
        _describer = new LocalizedIdentityErrorDescriber(localizer);
    }

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var errors = new List<IdentityError>();

        if (password.Length > MaximumLength)
        {
            errors.Add(_describer.PasswordTooLong(MaximumLength));
        }

        if (IsCommon(password))
        {
            errors.Add(_describer.PasswordCommon());
        }

        var userName = user?.UserName?.Trim();
        if (userName is { Length: >= MinimumFragmentLength } && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(_describer.PasswordContainsUserName());
        }

        var localPart = LocalPart(user?.Email);
        if (localPart is { Length: >= MinimumFragmentLength } && password.Contains(localPart, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(_describer.PasswordContainsEmail());
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    /// <summary>On the list as it is, or once trailing digits and special characters are cut off ("Password1!" → "password").</summary>
    internal static bool IsCommon(string password)
    {
        if (CommonPasswords.Contains(password))
        {
            return true;
        }

        var end = password.Length;
        while (end > 0 && !char.IsLetter(password[end - 1]))
        {
            end--;
        }

        return end > 0 && end < password.Length && CommonPasswords.Contains(password[..end]);
    }

    private static string? LocalPart(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var at = email.LastIndexOf('@');
        return (at >= 0 ? email[..at] : email).Trim();
    }
}
