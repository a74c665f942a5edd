using System.Text.RegularExpressions;
using System.Xml.Linq;
using MeineIhk.IdentityProvider;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Hosting;

/// <summary>
/// Every resource file of both applications: German (neutral) and English have the same keys, the provider's
/// area files do not share a key and hold only their own prefixes, and every key the code names exists.
/// </summary>
public sealed partial class ResourceFileTests
{
    private static readonly string ProviderResources = Path.Combine(RepositoryPaths.IdentityProviderContentRoot, "Resources");
    private static readonly string SampleResources = Path.Combine(RepositoryPaths.SampleAppContentRoot, "Resources");

    public static TheoryData<string> GermanResourceFiles() =>
        [.. NeutralFiles(ProviderResources).Concat(NeutralFiles(SampleResources)).Select(f => Path.GetRelativePath(RepositoryPaths.Root, f))];

    [Fact]
    public void Both_applications_have_resource_files_to_check()
    {
        Assert.Contains(NeutralFiles(ProviderResources), f => f.EndsWith("Shared.resx", StringComparison.Ordinal));
        Assert.Contains(NeutralFiles(ProviderResources), f => f.EndsWith("IdentityErrors.resx", StringComparison.Ordinal));
        Assert.Contains(NeutralFiles(SampleResources), f => f.EndsWith("SharedResource.resx", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(GermanResourceFiles))]
    public void Every_german_resource_file_has_an_english_twin_with_the_same_keys(string relativePath)
    {
        var german = Path.Combine(RepositoryPaths.Root, relativePath);
        var english = Path.ChangeExtension(german, ".en.resx");
        Assert.True(File.Exists(english), $"{relativePath} has no English twin {Path.GetFileName(english)}.");

        var germanKeys = Keys(german);
        var englishKeys = Keys(english);
        Assert.NotEmpty(germanKeys);
        Assert.Equal(germanKeys.Count, germanKeys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(englishKeys.Count, englishKeys.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(germanKeys.Except(englishKeys, StringComparer.Ordinal));
        Assert.Empty(englishKeys.Except(germanKeys, StringComparer.Ordinal));
        Assert.All(Values(german).Concat(Values(english)), pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), $"{pair.Key} is empty in {relativePath}."));
    }

    [Theory]
    [InlineData("IdentityProvider")]
    [InlineData("SampleFachanwendung")]
    public void Every_resource_file_is_a_german_english_pair_and_nothing_else(string application)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "src", application, "Resources");
        var others = Directory.GetFiles(folder, "*.resx")
            .Where(f => f.EndsWith(".en.resx", StringComparison.Ordinal))
            .Where(f => !File.Exists(f[..^".en.resx".Length] + ".resx"));
        Assert.Empty(others);
        Assert.DoesNotContain(Directory.GetFiles(folder, "*.*.resx"), f => !f.EndsWith(".en.resx", StringComparison.Ordinal));
    }

    [Fact]
    public void The_provider_area_files_are_exactly_the_declared_areas()
    {
        var files = NeutralFiles(ProviderResources)
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name != "IdentityErrors")
            .Order(StringComparer.Ordinal);
        Assert.Equal(Localization.Areas.Keys.Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public void No_key_is_in_two_area_files_and_every_key_sits_in_the_area_of_its_prefix()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var declared = Localization.Areas.SelectMany(a => a.Value).ToList();
        Assert.Equal(declared.Count, declared.Distinct(StringComparer.Ordinal).Count());

        foreach (var (area, prefixes) in Localization.Areas)
        {
            foreach (var key in Keys(Path.Combine(ProviderResources, area + ".resx")))
            {
                Assert.False(seen.TryGetValue(key, out var other), $"{key} is in {area}.resx and in {other}.resx.");
                seen.Add(key, area);
                Assert.True(prefixes.Contains(key.Split('.')[0], StringComparer.Ordinal), $"{key} is in {area}.resx, whose prefixes are {string.Join(", ", prefixes)}.");
            }
        }

        Assert.True(seen.Count > 800, $"Only {seen.Count} keys found.");
    }

    [Theory]
    [InlineData("IdentityProvider")]
    [InlineData("SampleFachanwendung")]
    public void Every_key_the_code_names_exists(string application)
    {
        var root = Path.Combine(RepositoryPaths.Root, "src", application);
        var keys = NeutralFiles(Path.Combine(root, "Resources"))
            .Where(f => Path.GetFileName(f) != "IdentityErrors.resx")
            .SelectMany(Keys)
            .ToHashSet(StringComparer.Ordinal);
        var prefixes = keys.Select(k => k.Split('.')[0]).Distinct(StringComparer.Ordinal).Select(Regex.Escape);
        var keyLiteral = new Regex($"(?<!TempData\\[)\"((?:{string.Join('|', prefixes)})\\.[A-Za-z0-9_.]*[A-Za-z0-9_])\"", RegexOptions.CultureInvariant);

        var missing = new List<string>();
        var named = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var used = IndexerKey().Matches(text).Select(m => m.Groups[1].Value)
                .Concat(TernaryKeys().Matches(text).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }))
                .Concat(AttributeKey().Matches(text).Select(m => m.Groups[1].Value))
                .Concat(keyLiteral.Matches(text).Select(m => m.Groups[1].Value));
            // Options name their configuration key ("Tokens:SigningAlgorithm") as display name and write their messages for
            // operators in English, so that a wrong setting is reported by its key: neither is a resource key.
            foreach (var key in used.Where(k => !k.Contains(':', StringComparison.Ordinal) && !k.Contains(' ', StringComparison.Ordinal)))
            {
                named++;
                // A mail purpose ("Chamber.RequestApproved") names the keys Mail.{purpose}.Subject/Body.
                if (!keys.Contains(key) && !keys.Contains($"Mail.{key}.Subject"))
                {
                    missing.Add($"{Path.GetRelativePath(root, file)}: {key}");
                }
            }
        }

        Assert.True(named > 20, $"Only {named} keys named in {application}.");
        Assert.Empty(missing.Distinct(StringComparer.Ordinal));
    }

    private static IEnumerable<string> NeutralFiles(string folder) =>
        Directory.GetFiles(folder, "*.resx").Where(f => Path.GetFileName(f).Count(c => c == '.') == 1).Order(StringComparer.Ordinal);

    private static List<string> Keys(string path) => [.. Values(path).Select(pair => pair.Key)];

    private static IEnumerable<KeyValuePair<string, string>> Values(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .Select(d => KeyValuePair.Create((string)d.Attribute("name")!, (string?)d.Element("value") ?? ""));

    /// <summary>T["Key"], t["Key", …], localizer["Key"].</summary>
    [GeneratedRegex("""\b(?:T|t|_t|localizer|_localizer)\[\s*"([^"]+)"\s*[,\]]""")]
    private static partial Regex IndexerKey();

    /// <summary>T[condition ? "KeyA" : "KeyB"].</summary>
    [GeneratedRegex("""\b(?:T|t|_t|localizer|_localizer)\[[^\[\]";]*\?\s*"([^"]+)"\s*:\s*"([^"]+)"\s*[,\]]""")]
    private static partial Regex TernaryKeys();

    /// <summary>[Required(ErrorMessage = "Key")], [Display(Name = "Key")].</summary>
    [GeneratedRegex("""(?:ErrorMessage|Display\(Name)\s*=\s*"([^"]+)"\s*""")]
    private static partial Regex AttributeKey();
}
