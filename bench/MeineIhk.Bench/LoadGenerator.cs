using System.Diagnostics;

namespace MeineIhk.Bench;

/// <summary>One iteration of a scenario for one virtual client; throws when the server's answer is wrong.</summary>
internal delegate Task Step(CancellationToken cancellationToken);

internal sealed record LoadResult(double PerSecond, double P50Ms, double P99Ms, double CpuSecondsPer1000, double PeakRssMb, long Iterations, long Errors, string? FirstError);

/// <summary>
/// Closed loop (each virtual client sends its next request when the answer to the last one arrived) or, with a
/// rate, open loop: requests start on schedule and latency counts from the scheduled start, queueing included.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(
        Func<int, Task<Step>> createClient, int concurrency, TimeSpan warmUp, TimeSpan duration, ProcessProbe probe, double? ratePerSecond = null)
    {
        var steps = new Step[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            steps[i] = await createClient(i);
        }

        var latencies = new List<double>[concurrency];
        var errors = 0L;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var measureFrom = warmUp;
        var stopAt = warmUp + duration;
        double cpuBefore = 0;
        var started = 0;
        var gate = new object();

        void StartMeasuring()
        {
            lock (gate)
            {
                if (started++ == 0)
                {
                    cpuBefore = probe.CpuSeconds();
                    probe.StartSampling();
                }
            }
        }

        using var cancellation = new CancellationTokenSource(stopAt + TimeSpan.FromSeconds(30));
        var interval = ratePerSecond is { } rate ? TimeSpan.FromSeconds(concurrency / rate) : TimeSpan.Zero;

        async Task RunClientAsync(int index)
        {
            var mine = latencies[index] = new List<double>(4096);
            var scheduled = TimeSpan.FromMilliseconds(interval.TotalMilliseconds * index / concurrency);
            while (true)
            {
                var now = clock.Elapsed;
                if (now >= stopAt)
                {
                    return;
                }

                var begin = now;
                if (ratePerSecond is not null)
                {
                    if (scheduled > now)
                    {
                        await Task.Delay(scheduled - now, cancellation.Token);
                    }

                    begin = scheduled;
                    scheduled += interval;
                }

                if (begin >= measureFrom)
                {
                    StartMeasuring();
                }

                try
                {
                    await steps[index](cancellation.Token);
                    if (begin >= measureFrom && begin < stopAt)
                    {
                        mine.Add((clock.Elapsed - begin).TotalMilliseconds);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException or IOException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, exception.Message, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(() => RunClientAsync(i))));
        var cpu = probe.CpuSeconds() - cpuBefore;
        var peak = probe.StopSampling();

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var iterations = all.LongLength;
        return new LoadResult(
            iterations / duration.TotalSeconds,
            Percentile(all, 0.50),
            Percentile(all, 0.99),
            iterations == 0 ? 0 : cpu / iterations * 1000,
            peak,
            iterations,
            errors,
            firstError);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
