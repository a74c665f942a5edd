using System.Diagnostics;

namespace MeineIhk.Tests.Guide;

/// <summary>
/// A fact that runs the Node.js sample; skipped, with the reason, only where no Node.js 20 or newer is installed
/// (openid-client 6 needs the WebCrypto and fetch of Node 20; Debian 12's own nodejs is 18).
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodeRuntime.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

public static class NodeRuntime
{
    public const int MinimumMajor = 20;

    private static readonly Lazy<(string? Version, string? SkipReason)> Probe = new(() =>
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var version = node.StandardOutput.ReadToEnd().Trim();
            node.WaitForExit();
            var major = int.TryParse(version.TrimStart('v').Split('.')[0], out var m) ? m : 0;
            return major >= MinimumMajor
                ? (version, null)
                : (version, $"Node.js {version} is installed; the Node.js sample (openid-client 6) needs Node.js {MinimumMajor} or newer.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "Node.js is not installed (no 'node' on PATH): the Node.js sample of the relying-party guide is not run.");
        }
    });

    public static string? SkipReason => Probe.Value.SkipReason;
}
