using System.Text.RegularExpressions;
using MeineIhk.Tests.Data;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Guide;

/// <summary>
/// docs/relying-parties.md read as its fenced blocks. A block is preceded by a marker comment:
/// <c>&lt;!-- snippet: NAME --&gt;</c> (code: equals the region <c>snippet:start NAME</c> … <c>snippet:end</c> of a
/// file in the repository) or <c>&lt;!-- example: NAME --&gt;</c> (an HTTP exchange or a JSON shape that a test
/// performs and compares; its name must be one of <see cref="CheckedExamples"/>).
/// </summary>
public static partial class GuideDocument
{
    /// <summary>The examples that tests compare with a real exchange, and the test class that does it.</summary>
    public static readonly IReadOnlyDictionary<string, string> CheckedExamples = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["discovery"] = nameof(GuideDiscoveryTests),
        ["token-response"] = nameof(GuideClaimsTests),
        ["id-token-claims"] = nameof(GuideClaimsTests),
        ["access-token-claims"] = nameof(GuideClaimsTests),
        ["api-call"] = nameof(ApiSampleTests),
    };

    public static string PathOnDisk => Path.Combine(RepositoryPaths.Root, "docs", "relying-parties.md");

    public static IReadOnlyList<Block> Blocks() => Parse(File.ReadAllText(PathOnDisk));

    public static Block Example(string name) =>
        Blocks().SingleOrDefault(b => b.Kind == "example" && b.Name == name)
        ?? throw new InvalidOperationException($"docs/relying-parties.md has no block marked <!-- example: {name} -->.");

    public static IReadOnlyList<Block> Parse(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                continue;
            }

            var start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != fence.Groups["ticks"].Value; i++)
            {
                body.Add(lines[i]);
            }

            // The marker is the nearest non-empty line above the fence.
            var above = start - 1;
            while (above >= 0 && lines[above].Trim().Length == 0)
            {
                above--;
            }

            var marker = above >= 0 ? Marker().Match(lines[above]) : Match.Empty;
            blocks.Add(new Block(
                marker.Success ? marker.Groups["kind"].Value : null,
                marker.Success ? marker.Groups["name"].Value : null,
                fence.Groups["lang"].Value,
                start + 1,
                string.Join('\n', body)));
        }

        return blocks;
    }

    /// <summary>Every file of the repository that may hold snippet regions.</summary>
    public static IEnumerable<string> SourceFiles()
    {
        string[] roots = ["src", "samples", "tests", "deploy", ".ci"];
        string[] extensions = [".cs", ".js", ".mjs", ".json", ".cshtml", ".sh", ".yml", ".yaml"];
        return roots.Select(r => Path.Combine(RepositoryPaths.Root, r))
            .Where(Directory.Exists)
            .SelectMany(r => Directory.EnumerateFiles(r, "*", SearchOption.AllDirectories))
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    /// <summary>The regions named NAME across the repository: (file, text without the marker lines).</summary>
    public static IReadOnlyList<(string File, string Text)> Regions(string name)
    {
        var found = new List<(string, string)>();
        foreach (var file in SourceFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var start = RegionStart().Match(lines[i]);
                if (!start.Success || start.Groups["name"].Value != name)
                {
                    continue;
                }

                var body = new List<string>();
                for (i++; i < lines.Length && !lines[i].Contains("snippet:end", StringComparison.Ordinal); i++)
                {
                    body.Add(lines[i]);
                }

                found.Add((Path.GetRelativePath(RepositoryPaths.Root, file), string.Join('\n', body)));
            }
        }

        return found;
    }

    /// <summary>Indentation removed as far as every line shares it, trailing white space and blank edges dropped.</summary>
    public static string Normalise(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l));
    }

    public sealed record Block(string? Kind, string? Name, string Language, int Line, string Text);

    [GeneratedRegex(@"^\s*(?<ticks>```+)(?<lang>[A-Za-z0-9_+-]*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*<!--\s*(?<kind>snippet|example):\s*(?<name>[A-Za-z0-9_.-]+)\s*-->\s*$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"snippet:start\s+(?<name>[A-Za-z0-9_.-]+)")]
    private static partial Regex RegionStart();
}
