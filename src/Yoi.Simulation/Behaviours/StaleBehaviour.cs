using System.Net.Sockets;

namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.Stale"/>: registered with the pid of an exited process; a leftover socket file refuses connections.</summary>
internal sealed class StaleBehaviour : UnreachableBehaviour
{
    private StaleBehaviour()
    {
    }

    public static StaleBehaviour Instance { get; } = new();

    public override bool RegistersExitedProcess => true;

    /// <summary>
    /// What a crashed pod leaves: the file, with no socket behind it (also ECONNREFUSED), and no descriptor held here.
    /// .NET unlinks the path a socket was bound to when disposing it: the file is moved away meanwhile.
    /// </summary>
    public override Socket? Bind(string socketPath)
    {
        var aside = socketPath + ".stale-" + Environment.ProcessId;
        using (BindSocket(socketPath))
        {
            File.Move(socketPath, aside);
        }

        File.Move(aside, socketPath);
        return null;
    }
}
