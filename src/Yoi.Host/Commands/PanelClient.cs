using Yoi.Host.Control.Client;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>panel</c>: the fleet live, redrawn after every poll cycle; arrows, PgUp/PgDn, Home/End scroll; <c>q</c>
/// or Ctrl-C quits.</summary>
public sealed class PanelClient(string runtimeDir, bool cluster = false) : ClientCommand
{
    public override async Task<int> RunAsync(ControlClient client, bool throughDaemon, Action stop, CancellationToken ct)
    {
        if (cluster && !throughDaemon)
            throw new CliException(ExitCodes.SupervisorUnavailable, "panel --cluster shows a running `run --cluster` daemon's view, and none runs in this runtime directory");
        if (!Terminal.OutIsTerminal)
        {
            KeyWatcher.Start(stop);
            await FleetLive.ShowAsync(Stream(client, ct), runtimeDir, throughDaemon, cycles: null, onCycle: null, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        using var screen = new PanelScreen(runtimeDir, throughDaemon);
        KeyWatcher.Start(stop, screen.Scroll);
        await FleetLive.ShowAsync(Stream(client, ct), runtimeDir, throughDaemon, cycles: null, onCycle: null, ct, screen).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private IAsyncEnumerable<Control.Wire.ControlEvent> Stream(ControlClient client, CancellationToken ct) =>
        cluster ? ClusterNamed(client.SubscribeClusterAsync(ct)) : client.SubscribeAsync(ct);

    private static async IAsyncEnumerable<Control.Wire.ControlEvent> ClusterNamed(IAsyncEnumerable<Control.Wire.ControlEvent> events)
    {
        await foreach (var e in events.ConfigureAwait(false))
            yield return e is Control.Wire.FleetEvent fleet ? fleet with { Fleet = StatusClient.ClusterNames(fleet.Fleet) } : e;
    }

    // q, Ctrl-C or SIGTERM: a clean quit.
    protected override int Interrupted() => ExitCodes.Ok;
}
