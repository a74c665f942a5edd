namespace MeineIhk.IdentityProvider.Features.ChamberStaff.Letters;

public sealed class LetterOptions
{
    /// <summary>Development only: every issued letter is also written here as a PDF. Empty: off.</summary>
    public string? DevelopmentFolder { get; set; }
}
