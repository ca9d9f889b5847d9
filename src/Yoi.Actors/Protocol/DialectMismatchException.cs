namespace Yoi.Actors.Protocol;

/// <summary>
/// A method that has no equivalent in the dialect it was to be written in (a <c>knowledge</c> completion or a
/// <c>workflow_invoke</c> segment to a worker, <c>notify</c> with <c>auto_run: false</c> or a <c>flow</c> segment to a
/// pod). Nothing was written; the message names what has no equivalent.
/// </summary>
public sealed class DialectMismatchException(Dialect dialect, string missing)
    : ProtocolException($"the {dialect.ToWire()} dialect has no {missing}")
{
    /// <summary>The dialect the method was to be written in.</summary>
    public Dialect Dialect { get; } = dialect;
}
