using Yoi.Host.Control.Wire;

namespace Yoi.Host.Output;

/// <summary>A <c>subscribe</c> stream on screen: the panel, redrawn after every cycle, on a terminal; one progress line
/// per cycle otherwise.</summary>
public static class FleetLive
{
    /// <summary>Shows <paramref name="events"/> until it ends or is cancelled, or, with <paramref name="cycles"/>, until
    /// that many cycles were shown, or, with <paramref name="more"/>, once it says no more after a cycle. Returns the last report. On a terminal it draws on <paramref name="screen"/>
    /// (the caller's, to route scroll keys to it and close it) or on a screen of its own.</summary>
    public static async Task<FleetReport?> ShowAsync(IAsyncEnumerable<ControlEvent> events, string runtimeDir, bool throughDaemon, int? cycles,
        Action<FleetReport>? onCycle, CancellationToken ct, PanelScreen? screen = null, Func<FleetReport, bool>? more = null)
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
                    if (more is not null && !more(last))
                        return false;
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

            var owned = screen is null ? new PanelScreen(runtimeDir, throughDaemon) : null;
            var panel = screen ?? owned!;
            try
            {
                while (await Next(panel.Show).ConfigureAwait(false))
                {
                }
            }
            finally
            {
                owned?.Dispose();
            }
        }

        return last;
    }
}
