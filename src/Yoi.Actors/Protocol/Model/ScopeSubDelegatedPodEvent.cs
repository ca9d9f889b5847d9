namespace Yoi.Actors.Protocol;

/// <summary><c>scope_sub_delegated</c>: The child delegated scope to a grandchild.</summary>
public sealed record ScopeSubDelegatedPodEvent(string ParentPod, string SubPod, string SubSocket, IReadOnlyList<ScopeRule> Scope) : PodEvent
{
    public const string WireKind = "scope_sub_delegated";

    public override string Kind => WireKind;
}
