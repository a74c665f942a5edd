using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Letters;

/// <summary>What one printed letter says; texts come localised from <see cref="LetterPrinter"/>.</summary>
public sealed record LetterText(
    string ReturnAddress,
    IReadOnlyList<string> Sender,
    string Date,
    IReadOnlyList<string> Recipient,
    string Subject,
    string Salutation,
    string Intro,
    IReadOnlyList<(string Label, string Value)> Data,
    string StepsTitle,
    IReadOnlyList<string> Steps,
    string Notice,
    string Closing,
    string Signature);

/// <summary>
/// Draws letters on A4 for window envelopes after DIN 5008 form B: address field 45 mm from the top and
/// 20 mm from the left, 85 × 45 mm with the return address line in its upper part; folding marks at 105 mm
/// and 210 mm, hole mark at 148.5 mm. One page per letter, so a batch prints as one file.
/// </summary>
public static class ActivationLetterPdf
{
    private static double Mm(double millimetres) => XUnit.FromMillimeter(millimetres).Point;

    public static byte[] Render(IEnumerable<LetterText> letters)
    {
        LetterFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = "Aktivierungsbriefe meine ihk";
        var any = false;
        foreach (var letter in letters)
        {
            any = true;
            Draw(document.AddPage(), letter);
        }

        if (!any)
        {
            document.AddPage();
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(PdfPage page, LetterText letter)
    {
        page.Width = XUnit.FromMillimeter(210);
        page.Height = XUnit.FromMillimeter(297);
        using var gfx = XGraphics.FromPdfPage(page);
        var small = new XFont(LetterFonts.Family, 7, XFontStyleEx.Regular);
        var body = new XFont(LetterFonts.Family, 10.5, XFontStyleEx.Regular);
        var bold = new XFont(LetterFonts.Family, 10.5, XFontStyleEx.Bold);
        var lineHeight = Mm(4.8);

        // Folding and hole marks at the left edge.
        var thin = new XPen(XColors.Black, 0.5);
        gfx.DrawLine(thin, Mm(4), Mm(105), Mm(9), Mm(105));
        gfx.DrawLine(thin, Mm(4), Mm(148.5), Mm(11), Mm(148.5));
        gfx.DrawLine(thin, Mm(4), Mm(210), Mm(9), Mm(210));

        // Address field: return address line in the upper zone (17.7 mm), the address in the lower (27.3 mm).
        var returnY = Mm(45 + 12.7);
        gfx.DrawString(letter.ReturnAddress, small, XBrushes.Black, Mm(25), returnY);
        var returnWidth = gfx.MeasureString(letter.ReturnAddress, small).Width;
        gfx.DrawLine(new XPen(XColors.Black, 0.3), Mm(25), returnY + 1.5, Mm(25) + returnWidth, returnY + 1.5);
        var y = Mm(45 + 17.7) + lineHeight;
        foreach (var line in letter.Recipient)
        {
            gfx.DrawString(line, body, XBrushes.Black, Mm(25), y);
            y += lineHeight;
        }

        // Information block beside the address field.
        y = Mm(50);
        foreach (var line in letter.Sender)
        {
            gfx.DrawString(line, body, XBrushes.Black, Mm(125), y);
            y += lineHeight;
        }

        gfx.DrawString(letter.Date, body, XBrushes.Black, Mm(125), y + lineHeight);

        // Subject, then the text between 25 mm and 190 mm; y is always the baseline of the last line drawn.
        var left = Mm(25);
        var width = Mm(165);
        y = Mm(103.4);
        gfx.DrawString(letter.Subject, bold, XBrushes.Black, left, y);
        y += 2 * lineHeight;
        gfx.DrawString(letter.Salutation, body, XBrushes.Black, left, y);
        y = Paragraph(gfx, letter.Intro, body, left, y + 1.5 * lineHeight, width);
        y += lineHeight / 2;
        foreach (var (label, value) in letter.Data)
        {
            y += lineHeight * 1.2;
            gfx.DrawString(label, body, XBrushes.Black, left + Mm(5), y);
            gfx.DrawString(value, bold, XBrushes.Black, left + Mm(55), y);
        }

        y += 2 * lineHeight;
        gfx.DrawString(letter.StepsTitle, bold, XBrushes.Black, left, y);
        var number = 1;
        foreach (var step in letter.Steps)
        {
            y += lineHeight * 1.2;
            gfx.DrawString(number.ToString(CultureInfo.InvariantCulture) + ".", body, XBrushes.Black, left + Mm(2), y);
            y = Paragraph(gfx, step, body, left + Mm(8), y, width - Mm(8));
            number++;
        }

        y = Paragraph(gfx, letter.Notice, body, left, y + 2 * lineHeight, width);
        y += 2 * lineHeight;
        gfx.DrawString(letter.Closing, body, XBrushes.Black, left, y);
        gfx.DrawString(letter.Signature, body, XBrushes.Black, left, y + 2 * lineHeight);
    }

    /// <summary>Draws wrapped text, its first line on <paramref name="baseline"/>; returns the baseline of its last line.</summary>
    private static double Paragraph(XGraphics gfx, string text, XFont font, double left, double baseline, double width)
    {
        var current = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
            {
                gfx.DrawString(current, font, XBrushes.Black, left, baseline);
                baseline += Mm(4.8);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        gfx.DrawString(current, font, XBrushes.Black, left, baseline);
        return baseline;
    }
}
