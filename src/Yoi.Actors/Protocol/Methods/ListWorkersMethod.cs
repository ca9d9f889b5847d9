namespace Yoi.Actors.Protocol;

/// <summary><c>list_workers</c> (worker dialect): the pod dialect's <see cref="ListPodsMethod"/>.</summary>
public sealed record ListWorkersMethod : Method
{
    public const string WireName = "list_workers";

    private ListWorkersMethod()
    {
    }

    /// <summary>The only value: the variant carries nothing.</summary>
    public static ListWorkersMethod Instance { get; } = new();

    public override string Name => WireName;
}
