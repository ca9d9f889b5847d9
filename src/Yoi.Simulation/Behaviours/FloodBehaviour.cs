namespace Yoi.Simulation.Behaviours;

/// <summary><see cref="PodMode.Flood"/>: alerts and snapshot, then numbered <c>text_delta</c> lines as fast as the client reads, until it leaves.</summary>
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

        // Whole lines batched into ~64 KiB sends: throughput is bounded by the reader, not by syscalls here. Each delta
        // carries its number ("flood 1 ", "flood 2 ", …), so a reader can check it missed nothing and kept the order.
        var batch = new MemoryStream(80 * 1024);
        for (long n = 1; ; )
        {
            batch.SetLength(0);
            var lines = 0;
            while (batch.Length < 64 * 1024)
            {
                batch.Write(SimWire.Line(SimWire.TextDelta($"{pod.Options.FloodText}{n++} ")));
                lines++;
            }

            await connection.SendAsync(batch.ToArray(), token, lines).ConfigureAwait(false);
        }
    }
}
