namespace Yoi.Benchmarks.Infra;

/// <summary>Median / min / max over repeated rounds.</summary>
public sealed record Summary(double Median, double Min, double Max, int N)
{
    public static Summary? Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
            return null;
        return new Summary(Stats.Median(sorted), sorted[0], sorted[^1], sorted.Length);
    }
}

public static class Stats
{
    public static double Median(IReadOnlyList<double> sorted)
    {
        if (sorted.Count == 0)
            return double.NaN;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Nearest-rank percentile of an already sorted array.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
            return double.NaN;
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

public static class Jn
{
    /// <summary>Any JSON number as a double (NaN for null or non-numbers), whatever CLR type it was made from.</summary>
    public static double D(System.Text.Json.Nodes.JsonNode? node) =>
        node is not null && node.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
            : double.NaN;

    public static string S(System.Text.Json.Nodes.JsonNode? node) =>
        node is not null && node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : "";

    /// <summary>A double for a JSON line, or null when it is not a number (JSON has no NaN).</summary>
    public static double? N(double v, int digits = 1) => double.IsFinite(v) ? Math.Round(v, digits) : null;
}
