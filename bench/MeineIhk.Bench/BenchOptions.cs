using System.Globalization;

namespace MeineIhk.Bench;

internal sealed record BenchOptions(
    string Repository, int PostgresPort, int Concurrency, TimeSpan BurnIn, TimeSpan WarmUp, TimeSpan Duration, int Rounds, bool Scale, int ScaleUsers, bool Es256, bool RuntimeDefaults, bool ScaleOnly, string[] Only)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        bool Flag(string name) => args.Contains("--" + name);
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var quick = Flag("quick");
        return new BenchOptions(
            Value("repo") ?? throw new ArgumentException("--repo is required"),
            Number("pg-port", 0),
            Number("concurrency", 16),
            TimeSpan.FromSeconds(Number("burn-in", quick ? 10 : 25)),
            TimeSpan.FromSeconds(Number("warmup", quick ? 1 : 3)),
            TimeSpan.FromSeconds(Number("duration", quick ? 3 : 10)),
            Number("rounds", quick ? 1 : 3),
            !quick && !Flag("no-scale"),
            Number("scale-users", 1_000_000),
            !Flag("no-es256"),
            Flag("runtime-defaults"),
            Flag("scale-only"),
            Value("only")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? []);
    }
}
