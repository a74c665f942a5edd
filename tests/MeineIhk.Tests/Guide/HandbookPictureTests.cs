using System.Text.RegularExpressions;
using MeineIhk.Tests.Infrastructure;

namespace MeineIhk.Tests.Guide;

/// <summary>
/// The manual's pictures: every picture docs/handbuch references exists, every picture the command takes is
/// referenced, and the command still runs. Without HANDBUCH_BILDER the run is the fast check (one picture into a
/// temporary folder); docs/handbuch/bilder.sh sets it to docs/handbuch/bilder and takes them all.
/// </summary>
public sealed partial class HandbookPictureTests(SqliteWorld world, BrowserFixture browser) : IClassFixture<SqliteWorld>, IClassFixture<BrowserFixture>
{
    private static readonly string Handbook = Path.Combine(RepositoryPaths.Root, "docs", "handbuch");

    [Fact]
    public void Every_picture_the_manual_references_exists_and_every_picture_taken_is_referenced()
    {
        var referenced = Directory.GetFiles(Handbook, "*.md")
            .SelectMany(file => Picture().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Name: m.Groups[1].Value)))
            .ToList();
        Assert.NotEmpty(referenced);
        Assert.All(referenced, r => Assert.True(File.Exists(Path.Combine(Handbook, "bilder", r.Name)), $"{r.File} shows bilder/{r.Name}, which does not exist: run docs/handbuch/bilder.sh."));

        var taken = HandbookPictures.All(world).SelectMany(s => s.Pictures).Select(p => p.FileName).ToList();
        Assert.Equal(taken.Count, taken.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(taken.Except(referenced.Select(r => r.Name), StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_picture_command_runs()
    {
        var target = Environment.GetEnvironmentVariable("HANDBUCH_BILDER");
        var folder = string.IsNullOrEmpty(target) ? Path.Combine(Path.GetTempPath(), "handbuch-" + Guid.NewGuid().ToString("N")) : target;
        try
        {
            var written = await HandbookPictures.TakeAsync(world, browser.Browser, folder, limit: string.IsNullOrEmpty(target) ? 1 : int.MaxValue);

            Assert.NotEmpty(written);
            Assert.All(written, path =>
            {
                var bytes = File.ReadAllBytes(path);
                Assert.True(bytes.Length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', $"{path} is not a picture.");
            });
        }
        finally
        {
            if (string.IsNullOrEmpty(target) && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [GeneratedRegex(@"!\[[^\]]*\]\(bilder/([^)\s]+\.png)\)")]
    private static partial Regex Picture();
}
