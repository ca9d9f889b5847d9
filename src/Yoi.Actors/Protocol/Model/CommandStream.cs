namespace Yoi.Actors.Protocol;

/// <summary>Which output stream of a command (worker dialect).</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum CommandStream
{
    /// <summary><c>stdout</c></summary>
    Stdout,

    /// <summary><c>stderr</c></summary>
    Stderr,
}
