namespace Yoi.Actors.Protocol;

/// <summary><c>list_rewind_targets</c>: Ask for the rewind targets.</summary>
public sealed record ListRewindTargetsMethod : Method
{
    public const string WireName = "list_rewind_targets";

    /// <summary>The only value: the variant carries nothing.</summary>
    public static ListRewindTargetsMethod Instance { get; } = new();

    private ListRewindTargetsMethod()
    {
    }

    public override string Name => WireName;
}
