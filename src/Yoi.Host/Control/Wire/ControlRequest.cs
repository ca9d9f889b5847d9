namespace Yoi.Host.Control.Wire;

/// <summary>One request of the control protocol (README, "Control protocol"). <see cref="Id"/> is the request's
/// <c>id</c> as compact JSON text (any JSON value), echoed verbatim on every line that answers it; null when absent.</summary>
public abstract record ControlRequest
{
    public string? Id { get; init; }

    /// <summary>The <c>method</c> name on the wire.</summary>
    public abstract string Method { get; }

    /// <summary>A request answered by a stream (it holds the connection's one stream slot).</summary>
    public virtual bool Streams => false;
}
