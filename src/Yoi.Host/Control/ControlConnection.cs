namespace Yoi.Host.Control;

/// <summary>Messages between a <see cref="ControlConnectionActor"/> and its request children.</summary>
public static class ControlConnection
{
    /// <summary>From a request: whole lines to write, in order.</summary>
    public sealed record Output(ReadOnlyMemory<byte> Bytes);

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
    /// (a <c>detached</c> <c>lagged</c>) and stops; what it sends after that line is dropped.</summary>
    public sealed record Lagged
    {
        public static Lagged Instance { get; } = new();

        private Lagged()
        {
        }
    }
}
