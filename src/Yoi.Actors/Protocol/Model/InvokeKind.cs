namespace Yoi.Actors.Protocol;

/// <summary>What opened an invoke range (<c>invoke_start.kind</c>).</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum InvokeKind
{
    /// <summary><c>user_send</c></summary>
    UserSend,
    /// <summary><c>notify</c></summary>
    Notify,
    /// <summary><c>pod_event</c></summary>
    PodEvent,
    /// <summary><c>system_reminder</c></summary>
    SystemReminder,
    /// <summary><c>wakeup</c></summary>
    Wakeup,

    /// <summary><c>worker_event</c> (worker dialect): the pod dialect's <c>pod_event</c>.</summary>
    WorkerEvent,
}
