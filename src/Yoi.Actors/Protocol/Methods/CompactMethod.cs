namespace Yoi.Actors.Protocol;

/// <summary><c>compact</c>: Compact the session while idle.</summary>
public sealed record CompactMethod : Method
{
    public const string WireName = "compact";

    /// <summary>The only value: the variant carries nothing.</summary>
    public static CompactMethod Instance { get; } = new();

    private CompactMethod()
    {
    }

    public override string Name => WireName;
}
