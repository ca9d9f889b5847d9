namespace Yoi.Actors.Registry;

/// <summary>One entry of a registry's <c>allocations</c> (<c>pods.json</c> or <c>workers.json</c>).</summary>
/// <remarks>Mirrors the runtime's Rust <c>Allocation</c>: <c>pid</c> is a u32 there (Linux pids fit an int),
/// <c>socket</c> a path, the scope lists hold <see cref="ScopeRule"/> objects, <c>segment_id</c> a UUID string.
/// <see cref="PodName"/> is the <c>pod_name</c> or <c>worker_name</c> field, whichever the file has.</remarks>
public sealed record PodAllocation(
    string PodName,
    int Pid,
    string Socket,
    IReadOnlyList<ScopeRule> ScopeAllow,
    IReadOnlyList<ScopeRule> ScopeDeny,
    string? DelegatedFrom,
    string? SegmentId)
{
    /// <summary>The file the row was read from. Writing ignores it: the file written to decides the name key.</summary>
    public RegistryFlavor Flavor { get; init; } = RegistryFlavor.Pods;

    public static PodAllocation Of(string podName, int pid, string socket, RegistryFlavor flavor = RegistryFlavor.Pods) =>
        new(podName, pid, socket, [], [], null, null) { Flavor = flavor };
}
