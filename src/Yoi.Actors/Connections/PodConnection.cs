using Yoi.Actors.Protocol;
using Yoi.Actors.Sessions;

namespace Yoi.Actors.Connections;

/// <summary>Messages between a <see cref="PodConnectionActor"/> and its owner (its parent).</summary>
public static class PodConnection
{
    /// <summary>Write one method line; the sender gets <see cref="PodSession.Sent"/> or <see cref="PodSession.SendFailed"/>.
    /// Sends that arrive before the connection is up are kept and written, in order, once it is. Written in
    /// <paramref name="Dialect"/> (the pod's).</summary>
    public sealed record Send(Method Method, Dialect Dialect = Dialect.Pod);

    /// <summary>From the owner, to the reader that sent a <see cref="Received"/> batch (or, decoding events, an
    /// <see cref="UndecodableLine"/>): it has been handled. The reader
    /// keeps only a few batches unhandled, so an owner that falls behind, or holds these back on purpose (a session
    /// whose subscriber is past its backlog bound), slows the reading instead of queueing.</summary>
    public sealed record BatchHandled
    {
        public static BatchHandled Instance { get; } = new();

        private BatchHandled()
        {
        }
    }

    /// <summary>To the owner: the socket is connected and the reader runs.</summary>
    public sealed record Connected(string PodName);

    /// <summary>To the owner: the connection could not be made; the actor stops.</summary>
    public sealed record ConnectFailed(string PodName, ConnectError Error, string Detail);

    /// <summary>To the owner: decoded events, in stream order. Answer the sender (the reader) <see cref="BatchHandled"/>.</summary>
    public sealed record Received(string PodName, IReadOnlyList<ReceivedEvent> Events);

    /// <summary>To the owner of a <see cref="LineDecoding.StatusOnly"/> connection: a <c>snapshot</c> or <c>status</c>
    /// event said the pod's status (other events are skipped).</summary>
    public sealed record StatusReceived(string PodName, PodStatus Status, Dialect? Dialect = null);

    /// <summary>To the owner: one line could not be decoded and was skipped. Decoding events, answer it as a batch
    /// (<see cref="BatchHandled"/>).</summary>
    public sealed record UndecodableLine(string PodName, long Offset, string Reason);

    /// <summary>To the owner: the connection ended; the actor stops.</summary>
    public sealed record Disconnected(string PodName, DisconnectReason Reason, string Detail);
}
