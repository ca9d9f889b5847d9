using Yoi.Host.Control.Client;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>panel</c>: the fleet live, redrawn after every poll cycle; arrows, PgUp/PgDn, Home/End scroll; <c>q</c>
/// or Ctrl-C quits.</summary>
public sealed class PanelClient(string runtimeDir) : ClientCommand
{
    public override async Task<int> RunAsync(ControlClient client, bool throughDaemon, Action stop, CancellationToken ct)
    {
        if (!Terminal.OutIsTerminal)
        {
            KeyWatcher.Start(stop);
            await FleetLive.ShowAsync(client.SubscribeAsync(ct), runtimeDir, throughDaemon, cycles: null, onCycle: null, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        using var screen = new PanelScreen(runtimeDir, throughDaemon);
        KeyWatcher.Start(stop, screen.Scroll);
        await FleetLive.ShowAsync(client.SubscribeAsync(ct), runtimeDir, throughDaemon, cycles: null, onCycle: null, ct, screen).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    // q, Ctrl-C or SIGTERM: a clean quit.
    protected override int Interrupted() => ExitCodes.Ok;
}
