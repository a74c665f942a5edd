using PdfSharp.Fonts;

namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Letters;

/// <summary>
/// PDFsharp finds no system fonts on Linux by itself; letters use the DejaVu Sans files embedded in the
/// assembly, so they look the same on every machine.
/// </summary>
internal sealed class LetterFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private static readonly Lock Gate = new();
    private static bool _installed;

    public static void Install()
    {
        lock (Gate)
        {
            if (!_installed)
            {
                GlobalFontSettings.FontResolver = new LetterFonts();
                _installed = true;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(LetterFonts).Assembly.GetManifestResourceStream($"MeineIhk.IdentityProvider.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException("Embedded font missing: " + faceName);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
