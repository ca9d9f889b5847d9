namespace Yoi.Actors.Protocol;

/// <summary>Access granted by a <see cref="ScopeRule"/> (lower-case on the wire).</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum Permission
{
    /// <summary><c>read</c></summary>
    Read,
    /// <summary><c>write</c></summary>
    Write,
}
