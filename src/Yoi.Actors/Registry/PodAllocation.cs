namespace Yoi.Actors.Registry;

/// <summary>One entry of <c>pods.json</c>'s <c>allocations</c>.</summary>
/// <remarks>Mirrors the runtime's Rust <c>Allocation</c>: <c>pid</c> is a u32 there (Linux pids fit an int),
/// <c>socket</c> a path, the scope lists hold <see cref="ScopeRule"/> objects, <c>segment_id</c> a UUID string.</remarks>
public sealed record PodAllocation(
    string PodName,
    int Pid,
    string Socket,
    IReadOnlyList<ScopeRule> ScopeAllow,
    IReadOnlyList<ScopeRule> ScopeDeny,
    string? DelegatedFrom,
    string? SegmentId)
{
    public static PodAllocation Of(string podName, int pid, string socket) => new(podName, pid, socket, [], [], null, null);
}
