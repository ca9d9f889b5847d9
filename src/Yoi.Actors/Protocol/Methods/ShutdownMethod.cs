namespace Yoi.Actors.Protocol;

/// <summary><c>shutdown</c>: Shut the pod down.</summary>
public sealed record ShutdownMethod : Method
{
    public const string WireName = "shutdown";

    /// <summary>The only value: the variant carries nothing.</summary>
    public static ShutdownMethod Instance { get; } = new();

    private ShutdownMethod()
    {
    }

    public override string Name => WireName;
}
