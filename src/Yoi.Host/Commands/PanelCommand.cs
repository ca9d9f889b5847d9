using Spectre.Console;
using Spectre.Console.Cli;
using Yoi.Host.Control;
using Yoi.Host.Hosting;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>panel</c>: the fleet live (through the daemon when one runs, else supervised in-process), redrawn after
/// every poll cycle; <c>q</c> or Ctrl-C quits.</summary>
public sealed class PanelCommand : AsyncCommand<PanelSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PanelSettings settings, CancellationToken cancellationToken)
    {
        var env = CommandEnvironment.From(settings);
        using var signal = new ShutdownSignal(cancellationToken);
        KeyWatcher.Start(signal.Trigger);
        try
        {
            await using var link = await env.OpenLinkAsync(signal.Token).ConfigureAwait(false);
            await link.Channel.SendLineAsync(ControlJson.RequestLine(ControlProtocol.Subscribe), signal.Token).ConfigureAwait(false);
            await Show(link, env.RuntimeDir, cycles: null, signal.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (signal.Token.IsCancellationRequested && e is OperationCanceledException or CliException { ExitCode: ExitCodes.SupervisorUnavailable })
        {
            // q, Ctrl-C or SIGTERM: a clean quit.
        }

        return ExitCodes.Ok;
    }

    /// <summary>Renders the subscription until cancelled or, with <paramref name="cycles"/>, until that many cycles were shown.
    /// Returns the last report.</summary>
    public static async Task<FleetReport?> Show(SupervisorLink link, string runtimeDir, int? cycles, CancellationToken ct, Action<FleetReport>? onCycle = null)
    {
        FleetReport? last = null;
        var seen = 0;

        async Task<bool> Next(Action<FleetReport> show)
        {
            var line = await link.Channel.ReadAsync(ct).ConfigureAwait(false)
                ?? throw new CliException(ExitCodes.SupervisorUnavailable, "the supervisor closed the connection");
            var reply = ControlReply.From(line);
            switch (reply.Event)
            {
                case ControlProtocol.Error:
                    throw reply.ToException();
                case ControlProtocol.Fleet:
                case ControlProtocol.Cycle:
                    last = FleetJson.FromControlObject(reply.DataObject);
                    // The view before the first registry read is empty: nothing to show yet.
                    if (reply.Event == ControlProtocol.Cycle || last.Pods.Count > 0)
                        show(last);
                    if (reply.Event == ControlProtocol.Cycle)
                    {
                        onCycle?.Invoke(last);
                        seen++;
                    }

                    break;
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
                           ctx.UpdateTarget(FleetPanel.Build(r, runtimeDir, link.ThroughDaemon));
                           ctx.Refresh();
                       }).ConfigureAwait(false))
                {
                }
            }).ConfigureAwait(false);
        return last;
    }
}
