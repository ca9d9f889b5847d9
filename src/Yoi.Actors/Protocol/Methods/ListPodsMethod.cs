namespace Yoi.Actors.Protocol;

/// <summary><c>list_pods</c>: List the pods visible to this pod.</summary>
public sealed record ListPodsMethod : Method
{
    public const string WireName = "list_pods";

    /// <summary>The only value: the variant carries nothing.</summary>
    public static ListPodsMethod Instance { get; } = new();

    private ListPodsMethod()
    {
    }

    public override string Name => WireName;
}
