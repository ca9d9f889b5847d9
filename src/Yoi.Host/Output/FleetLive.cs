using Spectre.Console;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Output;

/// <summary>A <c>subscribe</c> stream on screen: the panel, redrawn after every cycle, on a terminal; one progress line
/// per cycle otherwise.</summary>
public static class FleetLive
{
    /// <summary>Shows <paramref name="events"/> until it ends or is cancelled, or, with <paramref name="cycles"/>, until
    /// that many cycles were shown. Returns the last report.</summary>
    public static async Task<FleetReport?> ShowAsync(IAsyncEnumerable<ControlEvent> events, string runtimeDir, bool throughDaemon, int? cycles,
        Action<FleetReport>? onCycle, CancellationToken ct)
    {
        FleetReport? last = null;
        var seen = 0;
        var stream = events.GetAsyncEnumerator(ct);
        await using (stream.ConfigureAwait(false))
        {
            async Task<bool> Next(Action<FleetReport> show)
            {
                if (!await stream.MoveNextAsync().ConfigureAwait(false))
                    return false;
                if (stream.Current is not FleetEvent fleet)
                    return true; // changes: the next cycle shows them
                last = fleet.Fleet;
                // The view before the first registry read is empty: nothing to show yet.
                if (fleet.Cycle || last.Pods.Count > 0)
                    show(last);
                if (fleet.Cycle)
                {
                    onCycle?.Invoke(last);
                    seen++;
                }

                return cycles is null || seen < cycles;
            }

            if (!Terminal.OutIsTerminal)
            {
                while (await Next(r =>
                       {
                           Console.Out.WriteLine(FleetPanel.ProgressLine(r));
                           Console.Out.Flush();
                       }).ConfigureAwait(false))
                {
                }

                return last;
            }

            await Terminal.Out.Live(FleetPanel.Waiting(runtimeDir))
                .AutoClear(false)
                .Overflow(VerticalOverflow.Ellipsis)
                .StartAsync(async ctx =>
                {
                    while (await Next(r =>
                           {
                               ctx.UpdateTarget(FleetPanel.Build(r, runtimeDir, throughDaemon));
                               ctx.Refresh();
                           }).ConfigureAwait(false))
                    {
                    }
                }).ConfigureAwait(false);
        }

        return last;
    }
}
