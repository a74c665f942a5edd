using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.Accounts.Passwords;

/// <summary>
/// Identity's error messages in German (neutral) and English from Resources/IdentityErrors(.en).resx,
/// plus the messages of <see cref="PasswordPolicyValidator"/>. Codes stay Identity's method names.
/// </summary>
public class LocalizedIdentityErrorDescriber : IdentityErrorDescriber
{
    private readonly IStringLocalizer<IdentityErrors> _localizer;

    public LocalizedIdentityErrorDescriber(IStringLocalizer<IdentityErrors> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        _localizer = localizer;
    }

    public override IdentityError DefaultError() => Error(nameof(DefaultError));

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure));

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch));

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken));

    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed));

    public override IdentityError LoginAlreadyAssociated() => Error(nameof(LoginAlreadyAssociated));

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), userName ?? string.Empty);

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), email ?? string.Empty);

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), userName);

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), email);

    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), role ?? string.Empty);

    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), role);

    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword));

    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled));

    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), role);

    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), role);

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), length);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), uniqueChars);

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric));

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit));

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower));

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper));

    /// <summary>The password is on the list of the most common passwords.</summary>
    public virtual IdentityError PasswordCommon() => Error(nameof(PasswordCommon));

    /// <summary>The password contains the user name.</summary>
    public virtual IdentityError PasswordContainsUserName() => Error(nameof(PasswordContainsUserName));

    /// <summary>The password contains the local part of the e-mail address.</summary>
    public virtual IdentityError PasswordContainsEmail() => Error(nameof(PasswordContainsEmail));

    /// <summary>The password is longer than <paramref name="maximumLength"/> characters.</summary>
    public virtual IdentityError PasswordTooLong(int maximumLength) => Error(nameof(PasswordTooLong), maximumLength);

    private IdentityError Error(string code, params object[] arguments) =>
        new() { Code = code, Description = _localizer[code, arguments] };
}
