using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Features.Organisations.Letters;

public sealed class ActivationLetterOptions
{
    /// <summary>How long a letter's password works; post takes days, so weeks, not hours.</summary>
    [Display(Name = "Organisations:ActivationLetters:Lifetime")]
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// Issues activation letters: a new single-use password, stored hashed, its plain text kept only protected
/// until the chamber has printed and sent the letter. A new letter revokes every earlier one of the
/// organisation. The caller saves the context, so the letter, the revocations and the audit entries land in
/// one transaction with whatever caused them.
/// </summary>
public sealed class ActivationLetterIssuer(
    ApplicationDbContext db,
    IDataProtectionProvider dataProtection,
    TimeProvider clock,
    IOptions<ActivationLetterOptions> options)
{
    // 32 symbols without look-alikes (no 0/O, 1/I/L): 12 of them are 60 bits, and a letter locks after five tries.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int PasswordLength = 12;

    private static readonly PasswordHasher<ActivationLetter> Hasher = new();

    private readonly IDataProtector _protector = dataProtection.CreateProtector("MeineIhk.ActivationLetter.Password.v1");

    /// <summary>
    /// Issues a letter to the management address of <paramref name="registerEntry"/> (letters go only to the
    /// address in the chamber's register).
    /// </summary>
    public async Task<ActivationLetter> IssueAsync(
        Organisation organisation,
        MemberRegisterEntry registerEntry,
        ActivationLetterReason reason,
        ApplicationUser actor,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var earlier = await db.ActivationLetters
            .Where(l => l.OrganisationId == organisation.Id && l.UsedAt == null && l.RevokedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var letter in earlier)
        {
            letter.Revoke(now);
            db.Audit(AuditAction.LetterRevoked, now, actor, organisation.Id, organisation.ChamberId, details: letter.Id.ToString());
        }

        var password = NewPassword();
        var issued = new ActivationLetter
        {
            OrganisationId = organisation.Id,
            Organisation = organisation,
            Reason = reason,
            PasswordHash = Hasher.HashPassword(null!, Normalise(password)),
            ProtectedPassword = _protector.Protect(password),
            CreatedAt = now,
            ExpiresAt = now + options.Value.Lifetime,
            CreatedByUserId = actor.Id,
            RecipientName = registerEntry.GeschaeftsfuehrungName,
            RecipientFirmierung = registerEntry.Firmierung,
            RecipientStrasse = registerEntry.GeschaeftsfuehrungStrasse,
            RecipientHausnummer = registerEntry.GeschaeftsfuehrungHausnummer,
            RecipientPlz = registerEntry.GeschaeftsfuehrungPlz,
            RecipientOrt = registerEntry.GeschaeftsfuehrungOrt,
        };
        db.ActivationLetters.Add(issued);
        db.Audit(AuditAction.LetterIssued, now, actor, organisation.Id, organisation.ChamberId, details: $"{issued.Id} {reason}");
        return issued;
    }

    /// <summary>The password to print, or null once the letter has been sent, used or revoked.</summary>
    public string? RevealPassword(ActivationLetter letter) =>
        letter.ProtectedPassword is { } protectedPassword ? _protector.Unprotect(protectedPassword) : null;

    /// <summary>Compares in constant time; case, blanks and hyphens as typed from paper do not matter.</summary>
    public static bool Matches(ActivationLetter letter, string password) =>
        Hasher.VerifyHashedPassword(null!, letter.PasswordHash, Normalise(password)) != PasswordVerificationResult.Failed;

    /// <summary>Groups of four, as printed: "ABCD-EFGH-JKMN".</summary>
    private static string NewPassword()
    {
        var symbols = RandomNumberGenerator.GetItems<char>(Alphabet, PasswordLength);
        return string.Join('-', symbols.Chunk(4).Select(group => new string(group)));
    }

    private static string Normalise(string password) =>
        new(password.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
}
