using Yoi.Simulation.Behaviours;

namespace Yoi.Simulation;

/// <summary>Wire names of <see cref="PodMode"/> (<c>normal</c>, <c>partial-line</c>, …) for the CLI, and the behaviour of each mode.</summary>
public static class PodModes
{
    private static readonly (PodMode Mode, string Name, PodBehaviour Behaviour)[] Table =
    [
        (PodMode.Normal, "normal", NormalBehaviour.Instance),
        (PodMode.Silent, "silent", SilentBehaviour.Instance),
        (PodMode.Slow, "slow", SlowBehaviour.Instance),
        (PodMode.PartialLine, "partial-line", PartialLineBehaviour.Instance),
        (PodMode.Garbage, "garbage", GarbageBehaviour.Instance),
        (PodMode.UnknownVariants, "unknown-variants", UnknownVariantsBehaviour.Instance),
        (PodMode.HugeLine, "huge-line", HugeLineBehaviour.Instance),
        (PodMode.CloseAtOnce, "close-at-once", CloseAtOnceBehaviour.Instance),
        (PodMode.Refused, "refused", RefusedBehaviour.Instance),
        (PodMode.Missing, "missing", MissingBehaviour.Instance),
        (PodMode.Stale, "stale", StaleBehaviour.Instance),
        (PodMode.Flood, "flood", FloodBehaviour.Instance),
    ];

    /// <summary>Every mode, in declaration order.</summary>
    public static IReadOnlyList<PodMode> All { get; } = [.. Table.Select(n => n.Mode)];

    /// <summary>Every mode except <see cref="PodMode.Normal"/>.</summary>
    public static IReadOnlyList<PodMode> Faults { get; } = [.. All.Where(m => m != PodMode.Normal)];

    /// <summary>The valid wire names, comma separated (for help texts and errors).</summary>
    public static string ValidNames { get; } = string.Join(", ", Table.Select(n => n.Name));

    public static string WireName(this PodMode mode)
    {
        foreach (var (m, name, _) in Table)
        {
            if (m == mode)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown pod mode");
    }

    internal static PodBehaviour Behaviour(this PodMode mode)
    {
        foreach (var (m, _, behaviour) in Table)
        {
            if (m == mode)
            {
                return behaviour;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown pod mode");
    }

    public static bool TryParse(string? text, out PodMode mode)
    {
        var trimmed = text?.Trim();
        foreach (var (m, name, _) in Table)
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
