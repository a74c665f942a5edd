using System.Text.Json;

namespace MeineIhk.Tests.Guide;

/// <summary>
/// Compares a JSON example of the guide with a real answer. In the example, "…" stands for any value, the
/// guide's issuer https://meine.ihk.example/ for the test provider's address, and arrays are compared as sets.
/// </summary>
public static class JsonShape
{
    public const string GuideIssuer = "https://meine.ihk.example/";

    public const string AnyValue = "…";

    /// <param name="exampleText">the guide's JSON</param>
    /// <param name="actual">the real answer</param>
    /// <param name="issuer">the test provider's address, replacing <see cref="GuideIssuer"/></param>
    /// <param name="exactKeys">the example names every key of the answer (apart from <paramref name="ignoredKey"/>)</param>
    /// <param name="ignoredKey">keys of the answer the guide says to ignore</param>
    /// <param name="notYetIssued">keys the guide names that may still be missing (work arriving from another branch)</param>
    public static void AssertMatches(
        string exampleText, JsonElement actual, Uri issuer, bool exactKeys,
        Func<string, bool>? ignoredKey = null, IReadOnlySet<string>? notYetIssued = null)
    {
        using var example = JsonDocument.Parse(exampleText);
        var expected = example.RootElement;
        Assert.Equal(JsonValueKind.Object, expected.ValueKind);
        var problems = new List<string>();
        foreach (var property in expected.EnumerateObject())
        {
            if (!actual.TryGetProperty(property.Name, out var value))
            {
                if (notYetIssued?.Contains(property.Name) != true)
                {
                    problems.Add($"'{property.Name}' is missing");
                }

                continue;
            }

            if (!Same(property.Value, value, issuer))
            {
                problems.Add($"'{property.Name}': guide {property.Value.GetRawText()}, real {value.GetRawText()}");
            }
        }

        if (exactKeys)
        {
            var named = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var property in actual.EnumerateObject())
            {
                if (!named.Contains(property.Name) && ignoredKey?.Invoke(property.Name) != true)
                {
                    problems.Add($"'{property.Name}' is in the real answer but not in the guide");
                }
            }
        }

        Assert.True(problems.Count == 0, "The guide's example differs from the real answer:\n" + string.Join("\n", problems) + "\nreal: " + actual.GetRawText());
    }

    private static bool Same(JsonElement expected, JsonElement actual, Uri issuer)
    {
        if (expected.ValueKind == JsonValueKind.String && expected.GetString() == AnyValue)
        {
            return true;
        }

        return expected.ValueKind switch
        {
            JsonValueKind.String => actual.ValueKind == JsonValueKind.String
                && expected.GetString()!.Replace(GuideIssuer, issuer.ToString(), StringComparison.Ordinal) == actual.GetString(),
            JsonValueKind.Array => actual.ValueKind == JsonValueKind.Array
                && expected.EnumerateArray().Select(e => e.GetRawText().Replace(GuideIssuer, issuer.ToString(), StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                    .SequenceEqual(actual.EnumerateArray().Select(e => e.GetRawText()).Order(StringComparer.Ordinal)),
            JsonValueKind.Object => actual.ValueKind == JsonValueKind.Object
                && expected.EnumerateObject().All(p => actual.TryGetProperty(p.Name, out var v) && Same(p.Value, v, issuer)),
            _ => expected.GetRawText() == actual.GetRawText(),
        };
    }
}
