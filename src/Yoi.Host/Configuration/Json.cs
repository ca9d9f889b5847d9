using System.Text.Json;

namespace Yoi.Host.Configuration;

/// <summary>Typed reads of configuration values, each failure a <see cref="ConfigurationException"/> naming the key.</summary>
internal static class Json
{
    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    public static long Long(JsonElement value, string key, string? pod, long min, long max = long.MaxValue)
    {
        if (value.ValueKind != JsonValueKind.Number)
            throw new ConfigurationException(key, pod, $"expected a number, got {Kind(value)}");
        if (!value.TryGetInt64(out var n))
            throw new ConfigurationException(key, pod, $"expected a whole number, got {value.GetRawText()}");
        if (n < min)
            throw new ConfigurationException(key, pod, min == 1 ? $"must be positive (got {n})" : $"must be at least {min} (got {n})");
        if (n > max)
            throw new ConfigurationException(key, pod, $"must be at most {max} (got {n})");
        return n;
    }

    public static int Int(JsonElement value, string key, string? pod, long min, long max = int.MaxValue) =>
        (int)Long(value, key, pod, Math.Max(min, int.MinValue), Math.Min(max, int.MaxValue));

    public static string String(JsonElement value, string key, string? pod)
    {
        if (value.ValueKind != JsonValueKind.String)
            throw new ConfigurationException(key, pod, $"expected a string, got {Kind(value)}");
        var s = value.GetString()!;
        if (s.Contains('\0', StringComparison.Ordinal))
            throw new ConfigurationException(key, pod, "contains a NUL character");
        return s;
    }
}
