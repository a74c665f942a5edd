using System.Globalization;
using System.Xml.Linq;
using MeineIhk.IdentityProvider.Features.Shared;
using MeineIhk.Tests.Infrastructure;
using Microsoft.Extensions.Localization;

namespace MeineIhk.Tests.Features.Shared;

/// <summary>Counted texts through one helper: "0 Mitglieder", "1 Mitglied", "2 Mitglieder" — in German and English.</summary>
public sealed class PluralTests
{
    [Theory]
    [InlineData("Organisations.resx", "Members.Count", 0, "0 Mitglieder gefunden.")]
    [InlineData("Organisations.resx", "Members.Count", 1, "1 Mitglied gefunden.")]
    [InlineData("Organisations.resx", "Members.Count", 2, "2 Mitglieder gefunden.")]
    [InlineData("Organisations.en.resx", "Members.Count", 1, "1 member found.")]
    [InlineData("Organisations.en.resx", "Members.Count", 2, "2 members found.")]
    [InlineData("ChamberStaff.resx", "Chamber.Letters.Caption", 0, "0 Briefe nicht versendet")]
    [InlineData("ChamberStaff.resx", "Chamber.Letters.Caption", 1, "1 Brief nicht versendet")]
    [InlineData("ChamberStaff.resx", "Chamber.Letters.Caption", 2, "2 Briefe nicht versendet")]
    [InlineData("ChamberStaff.en.resx", "Chamber.Queue.Letters", 1, "Letter outbox (1 letter not sent)")]
    [InlineData("Applications.resx", "Applications.Roles.RemoveHolders", 1, "1 Mitglied verliert diese Rolle.")]
    [InlineData("Organisations.resx", "Administration.MemberCount", 1, "1 Mitglied")]
    public void The_count_picks_the_singular_for_one_and_the_plural_otherwise(string file, string key, int count, string expected)
    {
        Assert.Equal(expected, new ResourceFile(file).Count(key, count).Value);
    }

    [Fact]
    public void Every_singular_has_its_plural()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "src", "IdentityProvider", "Resources");
        foreach (var file in Directory.GetFiles(folder, "*.resx"))
        {
            var keys = Keys(file);
            foreach (var one in keys.Where(k => k.EndsWith(".One", StringComparison.Ordinal)))
            {
                Assert.Contains(one[..^4], keys);
            }
        }
    }

    private static HashSet<string> Keys(string path) =>
        XDocument.Load(path).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    /// <summary>One resource file as a localizer, so the test reads the texts the pages show.</summary>
    private sealed class ResourceFile(string name) : IStringLocalizer
    {
        private readonly Dictionary<string, string> _values = XDocument
            .Load(Path.Combine(RepositoryPaths.Root, "src", "IdentityProvider", "Resources", name)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty, StringComparer.Ordinal);

        public LocalizedString this[string key] => new(key, _values.GetValueOrDefault(key, key), !_values.ContainsKey(key));

        public LocalizedString this[string key, params object[] arguments] =>
            new(key, string.Format(CultureInfo.InvariantCulture, _values.GetValueOrDefault(key, key), arguments), !_values.ContainsKey(key));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => _values.Select(v => new LocalizedString(v.Key, v.Value));
    }
}
