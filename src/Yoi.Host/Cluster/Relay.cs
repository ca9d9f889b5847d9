using Akka.Actor;

namespace Yoi.Host.Cluster;

/// <summary>The messages of one control request that runs on another node: between the <see cref="RemoteRequestActor"/>
/// of the node the client talks to and the <see cref="RelayHost"/> the owning node's <see cref="Gateway"/> starts for it.
/// They cross the network (Akka.Remote, TLS): plain data and actor references only.</summary>
public static class Relay
{
    /// <summary>To a <see cref="Gateway"/>: run <paramref name="Line"/> (a control request naming a pod of that node)
    /// there, answering <paramref name="Requester"/>.</summary>
    public sealed record Open(string Line, IActorRef Requester);

    /// <summary>Whole control-protocol lines the request wrote, in order. <paramref name="AckBytes"/> &gt; 0: a pod
    /// session waits for an <see cref="Ack"/> of that many bytes once the client has been written these.</summary>
    public sealed record Output(byte[] Bytes, long AckBytes, bool Farewell);

    /// <summary>The request's reply is out (after the <see cref="Output"/> that carried it).</summary>
    public sealed record Replied(bool Yes = true);

    /// <summary>The client has been written a batch that asked for it.</summary>
    public sealed record Ack(long Bytes);

    /// <summary>The client fell behind its stream: the stream ends <c>lagged</c>.</summary>
    public sealed record Lagged(bool Yes = true);

    /// <summary>The request is over on the owning node.</summary>
    public sealed record Ended(bool Yes = true);

    /// <summary>The client went away: stop the request.</summary>
    public sealed record Close(bool Yes = true);
}
