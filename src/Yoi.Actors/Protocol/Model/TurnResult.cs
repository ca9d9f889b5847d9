namespace Yoi.Actors.Protocol;

/// <summary>How an agent turn ended (<c>turn_end.result</c>).</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum TurnResult
{
    /// <summary><c>finished</c></summary>
    Finished,
    /// <summary><c>paused</c></summary>
    Paused,
}
