using System.Globalization;
using System.Text;

namespace MeineIhk.Bench;

/// <summary>The printed table: medians over the rounds, and our/peer ratios.</summary>
internal sealed class Report
{
    private readonly StringBuilder _text = new();

    public void Line(string line = "")
    {
        Console.WriteLine(line);
        _text.AppendLine(line);
    }

    public static LoadResult Median(IReadOnlyList<LoadResult> rounds)
    {
        static double M(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return new LoadResult(
            M(rounds.Select(r => r.PerSecond)), M(rounds.Select(r => r.P50Ms)), M(rounds.Select(r => r.P99Ms)),
            M(rounds.Select(r => r.CpuSecondsPer1000)), rounds.Max(r => r.PeakRssMb),
            rounds.Sum(r => r.Iterations), rounds.Sum(r => r.Errors), rounds.Select(r => r.FirstError).FirstOrDefault(e => e is not null));
    }

    public void Header() =>
        Line("| scenario | server | per s | p50 ms | p99 ms | CPU s / 1,000 | peak RSS MB | errors | ours / peer |" + Environment.NewLine +
             "|---|---|---:|---:|---:|---:|---:|---:|---:|");

    public void Row(string scenario, string unit, string server, LoadResult result, LoadResult? peer)
    {
        var ratio = peer is null || server.StartsWith("peer", StringComparison.Ordinal) ? "" : F(result.PerSecond / peer.PerSecond, "0.00") + "×";
        Line($"| {scenario} | {server} | {F(result.PerSecond, "N0")} {unit} | {F(result.P50Ms, "0.0")} | {F(result.P99Ms, "0.0")} | {F(result.CpuSecondsPer1000, "0.00")} | {F(result.PeakRssMb, "0")} | {result.Errors} | {ratio} |");
        if (result.FirstError is not null)
        {
            Console.Error.WriteLine($"  first error ({server}, {scenario}): {result.FirstError}");
        }
    }

    public async Task SaveAsync(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, _text.ToString());
    }

    public static string F(double value, string format) => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);
}
