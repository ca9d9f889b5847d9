namespace Yoi.Actors.Protocol;

/// <summary>Severity of an <see cref="Alert"/>.</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum AlertLevel
{
    /// <summary><c>warn</c></summary>
    Warn,
    /// <summary><c>error</c></summary>
    Error,
}
