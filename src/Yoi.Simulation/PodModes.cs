namespace Yoi.Simulation;

/// <summary>Wire names of <see cref="PodMode"/> (<c>normal</c>, <c>partial-line</c>, …) for the CLI.</summary>
public static class PodModes
{
    private static readonly (PodMode Mode, string Name)[] Names =
    [
        (PodMode.Normal, "normal"),
        (PodMode.Silent, "silent"),
        (PodMode.Slow, "slow"),
        (PodMode.PartialLine, "partial-line"),
        (PodMode.Garbage, "garbage"),
        (PodMode.UnknownVariants, "unknown-variants"),
        (PodMode.HugeLine, "huge-line"),
        (PodMode.CloseAtOnce, "close-at-once"),
        (PodMode.Refused, "refused"),
        (PodMode.Missing, "missing"),
        (PodMode.Stale, "stale"),
        (PodMode.Flood, "flood"),
    ];

    /// <summary>Every mode, in declaration order.</summary>
    public static IReadOnlyList<PodMode> All { get; } = [.. Names.Select(n => n.Mode)];

    /// <summary>Every mode except <see cref="PodMode.Normal"/>.</summary>
    public static IReadOnlyList<PodMode> Faults { get; } = [.. All.Where(m => m != PodMode.Normal)];

    /// <summary>The valid wire names, comma separated (for help texts and errors).</summary>
    public static string ValidNames { get; } = string.Join(", ", Names.Select(n => n.Name));

    public static string WireName(this PodMode mode)
    {
        foreach (var (m, name) in Names)
        {
            if (m == mode)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown pod mode");
    }

    public static bool TryParse(string? text, out PodMode mode)
    {
        var trimmed = text?.Trim();
        foreach (var (m, name) in Names)
        {
            if (string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                mode = m;
                return true;
            }
        }

        mode = default;
        return false;
    }

    /// <summary>Parses a wire name (case-insensitive); throws <see cref="ArgumentException"/> listing the valid names.</summary>
    public static PodMode Parse(string? text) =>
        TryParse(text, out var mode)
            ? mode
            : throw new ArgumentException($"unknown pod mode '{text}'; valid modes: {ValidNames}", nameof(text));
}
