namespace Yoi.Actors.Protocol;

/// <summary>What a pod is doing: <c>idle</c>, <c>running</c> or <c>paused</c> on the wire.</summary>
public enum PodStatus
{
    Idle,
    Running,
    Paused,
}
