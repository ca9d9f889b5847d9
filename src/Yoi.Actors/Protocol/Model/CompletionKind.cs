namespace Yoi.Actors.Protocol;

/// <summary>What a completion request is about: <c>@</c> files, <c>#</c> knowledge, <c>/</c> workflows. The worker dialect has only <c>file</c>.</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum CompletionKind
{
    /// <summary><c>file</c></summary>
    File,
    /// <summary><c>knowledge</c></summary>
    Knowledge,
    /// <summary><c>workflow</c></summary>
    Workflow,
}
