namespace MeineIhk.Tests.Guide;

/// <summary>
/// Every fenced block of docs/relying-parties.md is either code that equals a region of a file that runs in
/// the tests (<c>snippet:</c>) or an example that a test performs (<c>example:</c>); nothing else.
/// </summary>
public sealed class GuideSnippetTests
{
    [Fact]
    public void Every_fenced_block_of_the_guide_is_marked_as_snippet_or_checked_example()
    {
        var blocks = GuideDocument.Blocks();
        Assert.NotEmpty(blocks);
        var unmarked = blocks.Where(b => b.Kind is null).Select(b => $"line {b.Line} ({b.Language})").ToList();
        Assert.True(unmarked.Count == 0, "Unmarked code blocks in docs/relying-parties.md: " + string.Join(", ", unmarked));
    }

    [Fact]
    public void Every_snippet_equals_its_region_in_the_repository()
    {
        var snippets = GuideDocument.Blocks().Where(b => b.Kind == "snippet").ToList();
        Assert.NotEmpty(snippets);
        foreach (var snippet in snippets)
        {
            var regions = GuideDocument.Regions(snippet.Name!);
            Assert.True(regions.Count == 1, $"Snippet '{snippet.Name}' (line {snippet.Line}): expected one region 'snippet:start {snippet.Name}', found {regions.Count}.");
            var expected = GuideDocument.Normalise(regions[0].Text);
            var actual = GuideDocument.Normalise(snippet.Text);
            Assert.True(expected == actual,
                $"Snippet '{snippet.Name}' (line {snippet.Line}) differs from {regions[0].File}:\n--- file ---\n{expected}\n--- guide ---\n{actual}");
        }
    }

    [Fact]
    public void Every_example_is_one_that_a_test_performs_and_each_name_is_used_once()
    {
        var examples = GuideDocument.Blocks().Where(b => b.Kind == "example").ToList();
        foreach (var example in examples)
        {
            Assert.True(GuideDocument.CheckedExamples.ContainsKey(example.Name!), $"Example '{example.Name}' (line {example.Line}) is checked by no test.");
        }

        Assert.Equal(examples.Count, examples.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(GuideDocument.CheckedExamples.Keys.Order(StringComparer.Ordinal), examples.Select(e => e.Name!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_snippet_files_are_the_ones_that_run_in_the_tests()
    {
        // Each region lives in the sample app, the API sample or the Node sample: the three are started by the
        // tests (SampleFachanwendungTests, ApiSampleTests, NodeSampleTests).
        foreach (var snippet in GuideDocument.Blocks().Where(b => b.Kind == "snippet"))
        {
            var file = GuideDocument.Regions(snippet.Name!).Single().File.Replace('\\', '/');
            Assert.True(
                file.StartsWith("src/SampleFachanwendung/", StringComparison.Ordinal)
                || file.StartsWith("samples/BerichtsheftApi/", StringComparison.Ordinal)
                || file == "samples/node-fachanwendung/app.js",
                $"Snippet '{snippet.Name}' comes from {file}, which no guide test runs.");
        }
    }

    [Fact]
    public void The_parser_finds_markers_and_unmarked_blocks()
    {
        var blocks = GuideDocument.Parse("text\n<!-- snippet: a -->\n```csharp\n  x();\n```\n\n```\nplain\n```\n<!-- example: b -->\n\n```json\n{}\n```\n");
        Assert.Equal([("snippet", "a"), (null, null), ("example", "b")], blocks.Select(b => (b.Kind, b.Name)));
        Assert.Equal("x();", GuideDocument.Normalise(blocks[0].Text));
    }
}
