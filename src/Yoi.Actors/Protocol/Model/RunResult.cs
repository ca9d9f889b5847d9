namespace Yoi.Actors.Protocol;

/// <summary>How a run ended (<c>run_end.result</c>).</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum RunResult
{
    /// <summary><c>finished</c></summary>
    Finished,
    /// <summary><c>paused</c></summary>
    Paused,
    /// <summary><c>limit_reached</c></summary>
    LimitReached,
    /// <summary><c>rolled_back</c></summary>
    RolledBack,
}
