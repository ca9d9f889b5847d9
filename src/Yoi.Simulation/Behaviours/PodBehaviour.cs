using System.Net.Sockets;

namespace Yoi.Simulation.Behaviours;

/// <summary>
/// What one <see cref="PodMode"/> does at each point where modes differ: how the socket path looks, what becomes of an
/// accepted connection, what a connection is written first, and whether its methods are answered. Stateless, one
/// instance per mode (<see cref="PodModes"/> maps them); a pod's own state comes in as its <see cref="PodContext"/>.
/// </summary>
internal abstract class PodBehaviour
{
    /// <summary>Whether the pod is registered with the pid of an exited process instead of its own.</summary>
    public virtual bool RegistersExitedProcess => false;

    /// <summary>False when nobody ever accepts on the socket <see cref="Bind"/> left.</summary>
    public virtual bool Accepts => true;

    /// <summary>False when an accepted connection is closed at once, before a byte goes either way.</summary>
    public virtual bool KeepsConnections => true;

    /// <summary>
    /// Makes <paramref name="socketPath"/> (free of leftovers) what the mode wants; returns the socket the pod then owns
    /// and disposes (null: none), listening when <see cref="Accepts"/>.
    /// </summary>
    public virtual Socket? Bind(string socketPath)
    {
        var socket = BindSocket(socketPath);
        try
        {
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }

    /// <summary>Removes what <see cref="Bind"/> left at the path, once the pod stops.</summary>
    public virtual void Unbind(string socketPath) => File.Delete(socketPath);

    /// <summary>Lines written before the alerts of a greeting; built at most once per pod, when first needed.</summary>
    public virtual IReadOnlyList<byte[]> Prelude(SimulationOptions options) => [];

    /// <summary>What a connection writes first, before anything queued for it. Returning marks the connection greeted.</summary>
    public abstract Task GreetAsync(SimConnection connection, PodContext pod, CancellationToken token);

    /// <summary>Reacts to one non-blank method line (already counted).</summary>
    public abstract ValueTask AnswerAsync(SimConnection connection, PodContext pod, string line, CancellationToken token);

    protected static Socket BindSocket(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }
}
