namespace Yoi.Actors.Managed;

/// <summary>A managed pod's process state, as supervisord names them.</summary>
public enum ManagedState
{
    /// <summary>Spawned (or adopted) and not yet ready: no ready line, or its socket has not answered a probe yet.</summary>
    Starting,

    /// <summary>Ready: the ready line came and a probe of its socket answered.</summary>
    Running,

    /// <summary>Exited or failed to start; the next start is scheduled (<see cref="ManagedPodStatus.NextStartAt"/>).</summary>
    Backoff,

    /// <summary>Being stopped (shutdown method, then signals to its process group).</summary>
    Stopping,

    /// <summary>Stopped on request (or never started: <c>restart: never</c> after <c>stop</c>).</summary>
    Stopped,

    /// <summary>Exited and not restarted by its policy (<c>never</c>, or <c>on-failure</c> after a clean exit).</summary>
    Exited,

    /// <summary>Cannot be started: the command cannot be executed, or more restarts than the budget within the window.
    /// Stays so until <c>start</c>.</summary>
    Fatal,
}
