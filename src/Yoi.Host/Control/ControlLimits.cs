using Yoi.Actors.Framing;
using Yoi.Actors.Sessions;

namespace Yoi.Host.Control;

/// <summary>The bounds of one control connection.</summary>
/// <param name="MaxRequestBytes">The longest request line; a longer one is refused and the connection closed.</param>
/// <param name="MaxBacklogBytes">A stream's backlog, both in its pod session (events not yet rendered) and in the
/// connection's write queue (bytes the client has not read): past it the stream is detached <c>lagged</c>.</param>
/// <param name="MaxPipelinedRequests">Requests read ahead of the one being answered; beyond it the connection stops
/// reading until replies go out (the client's writes then block, which is its backpressure).</param>
/// <param name="MaxConnections">Control connections served at once (the <see cref="ControlServer"/>'s cap); one more
/// gets <c>error busy</c> and is closed.</param>
public sealed record ControlLimits(
    int MaxRequestBytes = LineFramer.DefaultMaxLineBytes,
    long MaxBacklogBytes = PodSession.DefaultMaxBacklogBytes,
    int MaxPipelinedRequests = 64,
    int MaxConnections = 1024)
{
    public static ControlLimits Default { get; } = new();
}
