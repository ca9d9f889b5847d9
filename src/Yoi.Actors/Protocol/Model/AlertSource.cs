namespace Yoi.Actors.Protocol;

/// <summary>Which pod component raised an <see cref="Alert"/>.</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum AlertSource
{
    /// <summary><c>pod</c></summary>
    Pod,
    /// <summary><c>worker</c></summary>
    Worker,
    /// <summary><c>compactor</c></summary>
    Compactor,
    /// <summary><c>agents_md</c></summary>
    AgentsMd,
}
