using Yoi.Actors.Registry;

namespace Yoi.Actors.Tests.Registry;

/// <summary>Value equality for allocations, lists included (records compare lists by reference).</summary>
internal sealed class AllocationComparer : IEqualityComparer<PodAllocation>
{
    private static readonly IReadOnlyList<ScopeRule> None = [];

    public static AllocationComparer Instance { get; } = new();

    public bool Equals(PodAllocation? x, PodAllocation? y) =>
        x is not null && y is not null
        && x with { ScopeAllow = None, ScopeDeny = None } == y with { ScopeAllow = None, ScopeDeny = None }
        && x.ScopeAllow.SequenceEqual(y.ScopeAllow)
        && x.ScopeDeny.SequenceEqual(y.ScopeDeny);

    public int GetHashCode(PodAllocation obj) => obj.PodName.GetHashCode(StringComparison.Ordinal);
}
