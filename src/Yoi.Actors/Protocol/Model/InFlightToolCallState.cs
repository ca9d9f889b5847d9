namespace Yoi.Actors.Protocol;

/// <summary>How far a streamed tool call has come (worker dialect, <c>in_flight</c>).</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum InFlightToolCallState
{
    /// <summary><c>pending</c></summary>
    Pending,

    /// <summary><c>streaming_args</c></summary>
    StreamingArgs,

    /// <summary><c>done</c></summary>
    Done,
}
