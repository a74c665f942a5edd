using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MeineIhk.Tests.Infrastructure;

/// <summary>
/// What a provider needs to start outside Development (the tests run it as Production): an explicit database, the
/// public origin, a certificate that protects the key ring, mail settings. One self-signed certificate per test run.
/// </summary>
public static class ProductionSettings
{
    public const string CertificatePassword = "test-key-ring-password";

    private static readonly Lazy<string> CertificateFile = new(() =>
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=meine ihk test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Directory.CreateTempSubdirectory("meine-ihk-keyring-").FullName, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    });

    /// <summary>The PKCS#12 file of the run's key-ring certificate (password <see cref="CertificatePassword"/>).</summary>
    public static string CertificatePath => CertificateFile.Value;

    /// <summary>Every key a production start requires, for <paramref name="database"/> and <paramref name="issuer"/>.</summary>
    public static Dictionary<string, string?> For(TestDatabase database, Uri issuer, int smtpPort = 25) => new()
    {
        ["Database:Provider"] = database.Provider,
        ["ConnectionStrings:Default"] = database.ConnectionString,
        ["Database:SingleNode"] = database.Kind == DatabaseKind.Sqlite ? "true" : null,
        ["Issuer"] = issuer.ToString(),
        ["DataProtection:Certificate:Path"] = CertificatePath,
        ["DataProtection:Certificate:Password"] = CertificatePassword,
        ["Mail:Transport"] = "Smtp",
        ["Mail:From"] = "meine ihk (Test) <noreply@meine-ihk.test>",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",

        // The operator's second-factor policy is off for hosts whose tests are about something else (their chamber
        // staff and platform administrators would stop at the enrolment); the policy's own tests remove these keys
        // (SecondFactorWorld), so they run with the shipped default.
        ["SecondFactor:RequiredForPlatformAdministrators"] = "false",
        ["SecondFactor:RequiredForChamberStaff"] = "false",
        ["SecondFactor:RequiredForDevelopers"] = "false",
    };
}
