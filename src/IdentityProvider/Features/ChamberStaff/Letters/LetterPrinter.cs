using System.Globalization;
using MeineIhk.IdentityProvider.Data;
using MeineIhk.IdentityProvider.Domain;
using MeineIhk.IdentityProvider.Features.Organisations.Letters;
using MeineIhk.IdentityProvider.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Letters;

/// <summary>
/// Prints the letters of the letter outbox: only letters not yet sent, used or revoked still hold their
/// password, so only those can be printed. Letters are German (they go to German companies) whatever the
/// staff's page language.
/// </summary>
public sealed class LetterPrinter(ApplicationDbContext db, ActivationLetterIssuer issuer, IStringLocalizer<SharedResource> t)
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>The letter outbox: letters waiting for the print run, of one chamber or (null) of all.</summary>
    public IQueryable<ActivationLetter> Unsent(int? chamberId) =>
        db.ActivationLetters.Where(l => (chamberId == null || l.Organisation.ChamberId == chamberId)
            && l.SentAt == null && l.UsedAt == null && l.RevokedAt == null && l.ProtectedPassword != null);

    /// <summary>One PDF with a page per letter, in the order given; null when none of the letters can be printed.</summary>
    public async Task<byte[]?> PdfAsync(int? chamberId, IReadOnlyCollection<Guid> letterIds, CancellationToken cancellationToken)
    {
        var letters = await Unsent(chamberId)
            .Where(l => letterIds.Contains(l.Id))
            .Include(l => l.Organisation).ThenInclude(o => o.Chamber)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (letters.Count == 0)
        {
            return null;
        }

        var ordered = letterIds.Select(id => letters.SingleOrDefault(l => l.Id == id)).OfType<ActivationLetter>();
        return ActivationLetterPdf.Render(ordered.Select(l => Text(l, issuer.RevealPassword(l)!)).ToList());
    }

    private LetterText Text(ActivationLetter letter, string password)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = German;
        try
        {
            var chamber = letter.Organisation.Chamber;
            var newPassword = letter.Reason == ActivationLetterReason.NewPasswordRequested;
            var chamberPlace = $"{chamber.PostalCode} {chamber.City}".Trim();
            var expires = DisplayTime.FormatDate(letter.ExpiresAt, German);
            return new LetterText(
                ReturnAddress: string.Join(" · ", new[] { chamber.Name, chamber.Street, chamberPlace }.Where(p => !string.IsNullOrWhiteSpace(p))),
                Sender: new[] { chamber.Name, chamber.Street ?? string.Empty, chamberPlace }.Where(p => p.Length > 0).ToList(),
                Date: t["Chamber.Letter.Date", DisplayTime.FormatDate(letter.CreatedAt, German)],
                Recipient:
                [
                    letter.RecipientFirmierung,
                    letter.RecipientName,
                    $"{letter.RecipientStrasse} {letter.RecipientHausnummer}",
                    $"{letter.RecipientPlz} {letter.RecipientOrt}",
                ],
                Subject: t[newPassword ? "Chamber.Letter.SubjectNewPassword" : "Chamber.Letter.Subject"],
                Salutation: t["Chamber.Letter.Salutation"],
                Intro: t[newPassword ? "Chamber.Letter.IntroNewPassword" : "Chamber.Letter.Intro", chamber.Name, letter.Organisation.Firmierung],
                Data:
                [
                    (t["Chamber.Letter.Identnummer"], letter.Organisation.Identnummer ?? string.Empty),
                    (t["Chamber.Letter.Kammernummer"], chamber.Kammernummer),
                    (t["Chamber.Letter.Password"], password),
                    (t["Chamber.Letter.ValidUntil"], expires),
                ],
                StepsTitle: t["Chamber.Letter.StepsTitle"],
                Steps: [t["Chamber.Letter.Step1"], t["Chamber.Letter.Step2"], t["Chamber.Letter.Step3"], t["Chamber.Letter.Step4"]],
                Notice: t["Chamber.Letter.Notice", expires],
                Closing: t["Chamber.Letter.Closing"],
                Signature: chamber.Name);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
