using System.Net.Sockets;

namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.Missing"/>: registered, but there is no socket file.</summary>
internal sealed class MissingBehaviour : UnreachableBehaviour
{
    private MissingBehaviour()
    {
    }

    public static MissingBehaviour Instance { get; } = new();

    public override Socket? Bind(string socketPath) => null;

    /// <summary>Nothing was created: whatever may appear at the path later is not this pod's to delete.</summary>
    public override void Unbind(string socketPath)
    {
    }
}
