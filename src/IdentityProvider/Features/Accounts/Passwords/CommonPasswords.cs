using System.Reflection;

namespace MeineIhk.IdentityProvider.Features.Accounts.Passwords;

/// <summary>
/// The 10,000 most common passwords (common-passwords.txt, embedded; from @zxcvbn-ts/language-common, MIT),
/// loaded once on first use. Lookups ignore case.
/// </summary>
public static class CommonPasswords
{
    internal const string ResourceName = "MeineIhk.IdentityProvider.CommonPasswords.txt";

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
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(CommonPasswords).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            var entry = line.Trim();
            if (entry.Length > 0 && !entry.StartsWith('#'))
            {
                set.Add(entry);
            }
        }

        return set;
    }
}
