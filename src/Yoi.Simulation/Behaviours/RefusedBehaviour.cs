using System.Net.Sockets;

namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.Refused"/>: the socket file exists and is bound, but nobody listens (ECONNREFUSED).</summary>
internal sealed class RefusedBehaviour : UnreachableBehaviour
{
    private RefusedBehaviour()
    {
    }

    public static RefusedBehaviour Instance { get; } = new();

    /// <summary>Bound, never listening: connect() gets ECONNREFUSED. The pod holds the socket until it stops.</summary>
    public override Socket? Bind(string socketPath) => BindSocket(socketPath);
}
