namespace Yoi.Host.Control.Client;

/// <summary>A request the supervisor did not fulfil: its <c>error</c> reply (<see cref="Code"/> is the wire code, e.g.
/// <c>unknown_pod</c>, <c>attach_failed</c>, <c>denied</c>), or the connection failing (<see cref="ConnectionLost"/>,
/// <see cref="BadReply"/>).</summary>
public sealed class ControlException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The connection ended (or could not be written) before the answer came.</summary>
    public const string ConnectionLost = "connection_lost";

    /// <summary>The supervisor sent something that is not a control event, or not the one expected.</summary>
    public const string BadReply = "bad_reply";

    public string Code { get; } = code;
}
