using Newtonsoft.Json.Linq;
using Spectre.Console;
using Spectre.Console.Cli;
using Yoi.Host.Control;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>status</c>: one probe cycle (through the daemon when one runs, else in-process) and the fleet.</summary>
public sealed class StatusCommand : AsyncCommand<StatusSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, StatusSettings settings, CancellationToken cancellationToken)
    {
        var env = CommandEnvironment.From(settings);
        using var signal = new ShutdownSignal(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(signal.Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        var ct = deadline.Token;

        await using var link = await env.OpenLinkAsync(ct).ConfigureAwait(false);
        var parameters = settings.Pod is null ? null : new JObject { ["pod"] = settings.Pod };
        await link.Channel.SendLineAsync(ControlJson.RequestLine(ControlProtocol.Probe, parameters), ct).ConfigureAwait(false);
        var line = await link.Channel.ReadAsync(ct).ConfigureAwait(false)
            ?? throw new CliException(ExitCodes.SupervisorUnavailable, "the supervisor closed the connection without answering");
        var reply = ControlReply.From(line);
        if (reply.Event == ControlProtocol.Error) throw reply.ToException();
        if (reply.Event != ControlProtocol.Fleet)
            throw new CliException(ExitCodes.SupervisorUnavailable, $"unexpected reply \"{reply.Event}\" from the supervisor");

        FleetReport report;
        try
        {
            report = FleetJson.FromControlObject(reply.DataObject);
        }
        catch (FormatException e)
        {
            throw new CliException(ExitCodes.SupervisorUnavailable, e.Message);
        }

        if (report.RegistryError is { } registryError)
            throw new CliException(ExitCodes.RegistryUnreadable, registryError);

        if (settings.Json)
        {
            Console.Out.WriteLine(FleetJson.ToStatusJson(report));
        }
        else
        {
            Terminal.Out.Write(FleetTable.Build(report, panel: false));
            Terminal.Out.WriteLine(FleetTable.Summary(report, link.ThroughDaemon));
        }

        return ExitCodes.Ok;
    }
}
