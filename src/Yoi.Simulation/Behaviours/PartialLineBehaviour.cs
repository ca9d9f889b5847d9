namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.PartialLine"/>: the first half of the snapshot line (no <c>\n</c>), then a stall.</summary>
internal sealed class PartialLineBehaviour : MuteBehaviour
{
    private PartialLineBehaviour()
    {
    }

    public static PartialLineBehaviour Instance { get; } = new();

    public override Task GreetAsync(SimConnection connection, PodContext pod, CancellationToken token)
    {
        var snapshot = SimWire.Line(SimWire.Snapshot(pod.Name, pod.Options.Cwd, "idle", 0));
        return connection.SendAsync(snapshot.AsMemory(0, snapshot.Length / 2), token, countLines: 0);
    }
}
