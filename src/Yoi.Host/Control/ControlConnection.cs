namespace Yoi.Host.Control;

/// <summary>Messages between a <see cref="ControlConnectionActor"/> and its request children.</summary>
public static class ControlConnection
{
    /// <summary>From a request: whole lines to write, in order. <paramref name="Farewell"/>: the last line of a stream
    /// told it <see cref="Lagged"/>.</summary>
    /// <paramref name="AckTo"/>: a pod session to acknowledge <paramref name="AckBytes"/> to (on the stream's behalf)
    /// once these bytes are written to the client, so the session's backlog counts what the client has not read.
    public sealed record Output(ReadOnlyMemory<byte> Bytes, bool Farewell = false, Akka.Actor.IActorRef? AckTo = null, long AckBytes = 0);

    /// <summary>From a request: its reply is out (queued as <see cref="Output"/> before this); the next request may start.
    /// A streaming request goes on streaming.</summary>
    public sealed record Replied
    {
        public static Replied Instance { get; } = new();

        private Replied()
        {
        }
    }

    /// <summary>To a stream: the client has fallen further behind than the backlog bound. The stream writes its last line
    /// (a <c>detached</c> <c>lagged</c>, as a <see cref="Output.Farewell"/>) and stops; what it sent before that, still on
    /// its way, is dropped, so the client's stream has no gap: it ends where it was cut.</summary>
    public sealed record Lagged
    {
        public static Lagged Instance { get; } = new();

        private Lagged()
        {
        }
    }
}
