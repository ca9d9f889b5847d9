namespace Yoi.Actors.Protocol;

/// <summary><c>cancel</c>: Cancel the running turn.</summary>
public sealed record CancelMethod : Method
{
    public const string WireName = "cancel";

    /// <summary>The only value: the variant carries nothing.</summary>
    public static CancelMethod Instance { get; } = new();

    private CancelMethod()
    {
    }

    public override string Name => WireName;
}
