namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.Flood"/>: alerts and snapshot, then <c>text_delta</c> lines as fast as the client reads, until it leaves.</summary>
internal sealed class FloodBehaviour : MuteBehaviour
{
    private FloodBehaviour()
    {
    }

    public static FloodBehaviour Instance { get; } = new();

    /// <summary>Never returns normally: the greeting is the flood, ended by cancellation or a send failing.</summary>
    public override async Task GreetAsync(SimConnection connection, PodContext pod, CancellationToken token)
    {
        for (var i = 1; i <= pod.Options.AlertsOnConnect; i++)
        {
            await connection.SendAsync(SimWire.Line(SimWire.Alert(pod.Name, i, pod.StartedAtMs)), token).ConfigureAwait(false);
        }

        await connection.SendAsync(SimWire.Line(SimWire.Snapshot(pod.Name, pod.Options.Cwd, "idle", 0)), token).ConfigureAwait(false);

        // Whole lines batched into ~64 KiB sends: throughput is bounded by the reader, not by syscalls here.
        var one = SimWire.Line(SimWire.TextDelta(pod.Options.FloodText));
        var perBatch = Math.Max(1, 64 * 1024 / one.Length);
        var batch = new byte[one.Length * perBatch];
        for (var i = 0; i < perBatch; i++)
        {
            one.CopyTo(batch, i * one.Length);
        }

        while (true)
        {
            await connection.SendAsync(batch, token, perBatch).ConfigureAwait(false);
        }
    }
}
