namespace Yoi.Actors.Registry;

/// <summary>One entry of <c>pods.json</c>'s <c>allocations</c>.</summary>
public sealed record PodAllocation(
    string PodName,
    int Pid,
    string Socket,
    IReadOnlyList<string> ScopeAllow,
    IReadOnlyList<string> ScopeDeny,
    string? DelegatedFrom,
    string? SegmentId)
{
    public static PodAllocation Of(string podName, int pid, string socket) => new(podName, pid, socket, [], [], null, null);
}
