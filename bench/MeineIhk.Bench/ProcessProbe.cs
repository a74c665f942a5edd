using System.Globalization;

namespace MeineIhk.Bench;

/// <summary>CPU time and resident memory of a server process, read from /proc.</summary>
internal sealed class ProcessProbe(int pid) : IDisposable
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux
    private Timer? _sampler;
    private long _peakRssKb;

    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "(comm) ", field 3 is index 0: utime is field 14, stime field 15.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    public long RssKb()
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public void StartSampling()
    {
        _peakRssKb = RssKb();
        _sampler = new Timer(_ => Interlocked.Exchange(ref _peakRssKb, Math.Max(Interlocked.Read(ref _peakRssKb), Safe(RssKb))), null, 0, 100);
    }

    /// <summary>The largest resident set seen since <see cref="StartSampling"/>, in MB.</summary>
    public double StopSampling()
    {
        _sampler?.Dispose();
        _sampler = null;
        return Interlocked.Read(ref _peakRssKb) / 1024.0;
    }

    public void Dispose() => _sampler?.Dispose();

    private static long Safe(Func<long> read)
    {
        try
        {
            return read();
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
