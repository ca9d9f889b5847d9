namespace Yoi.Host.Control.Wire;

/// <summary>The <c>kind</c>s of a <see cref="ChangeEvent"/>.</summary>
public static class ChangeKinds
{
    public const string PodAppeared = "pod_appeared";
    public const string PodDisappeared = "pod_disappeared";
    public const string StatusChanged = "status_changed";
    public const string ReachabilityChanged = "reachability_changed";
    public const string ProcessState = "process_state";
}
