namespace Yoi.Actors.Protocol;

/// <summary>
/// Which component raised an <see cref="Alert"/>, as the wire spells it. The string <c>worker</c> means different things in
/// the two dialects: in the pod dialect the LLM loop (the worker dialect's <c>engine</c>), in the worker dialect the
/// runtime layer (the pod dialect's <c>pod</c>). The value is kept as spelled, so a line re-encodes to its bytes.
/// </summary>
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

    /// <summary><c>engine</c> (worker dialect): the LLM loop.</summary>
    Engine,
}
