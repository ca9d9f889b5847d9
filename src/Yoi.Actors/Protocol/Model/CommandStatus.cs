namespace Yoi.Actors.Protocol;

/// <summary>The state of a running command (worker dialect).</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum CommandStatus
{
    /// <summary><c>running</c></summary>
    Running,

    /// <summary><c>completed</c></summary>
    Completed,

    /// <summary><c>failed</c></summary>
    Failed,

    /// <summary><c>timed_out</c></summary>
    TimedOut,

    /// <summary><c>cancelled</c></summary>
    Cancelled,
}
