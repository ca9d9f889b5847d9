namespace Yoi.Actors.Protocol;

/// <summary><c>pause</c>: Pause the running turn.</summary>
public sealed record PauseMethod : Method
{
    public const string WireName = "pause";

    /// <summary>The only value: the variant carries nothing.</summary>
    public static PauseMethod Instance { get; } = new();

    private PauseMethod()
    {
    }

    public override string Name => WireName;
}
