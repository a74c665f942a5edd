using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>
/// Encrypts the Data Protection key ring at rest with an X.509 certificate (the key ring sits in the database beside
/// what it protects: signing keys, activation passwords, mail bodies). The certificate comes from a PKCS#12 file
/// (<c>DataProtection:Certificate:Path</c> and <c>:Password</c>) or from the machine's store by thumbprint
/// (<c>DataProtection:Certificate:Thumbprint</c>). Certificates that protected earlier keys can be named for
/// decryption only (<c>DataProtection:Certificate:Previous:0:Path</c> …), so that a new certificate can take over.
/// </summary>
public static class KeyRingProtection
{
    public const string PathKey = "DataProtection:Certificate:Path";
    public const string PasswordKey = "DataProtection:Certificate:Password";
    public const string ThumbprintKey = "DataProtection:Certificate:Thumbprint";
    public const string PreviousKey = "DataProtection:Certificate:Previous";

    public static IServiceCollection AddKeyRingProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var current = Load(configuration.GetSection("DataProtection:Certificate"));
        if (current is null)
        {
            return services; // Development only: StartupRequirements refuses every other environment without one.
        }

        var previous = configuration.GetSection(PreviousKey).GetChildren().Select(Load).OfType<X509Certificate2>().ToArray();
        services.AddDataProtection()
            .ProtectKeysWithCertificate(current)
            .UnprotectKeysWithAnyCertificate([current, .. previous]);
        return services;
    }

    private static X509Certificate2? Load(IConfigurationSection section)
    {
        if (section["Path"] is { Length: > 0 } path)
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, section["Password"], X509KeyStorageFlags.EphemeralKeySet);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new StartupRefusedException($"{PathKey}: '{path}' cannot be read with {PasswordKey} ({e.GetType().Name}).");
            }

            return certificate.HasPrivateKey
                ? certificate
                : throw new StartupRefusedException($"{PathKey}: the certificate in '{path}' has no private key; the key ring cannot be read with it.");
        }

        if (section["Thumbprint"] is { Length: > 0 } thumbprint)
        {
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                using var store = new X509Store(StoreName.My, location);
                try
                {
                    store.Open(OpenFlags.ReadOnly);
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    continue; // Linux has no machine-wide My store
                }

                var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
                if (found.Count > 0)
                {
                    return found[0];
                }
            }

            throw new StartupRefusedException($"{ThumbprintKey}: no certificate with the thumbprint '{thumbprint}' in the My store of the user or the machine.");
        }

        return null;
    }
}
