using Newtonsoft.Json.Linq;
using Spectre.Console;
using Spectre.Console.Cli;
using Yoi.Host.Control;

namespace Yoi.Host.Commands;

/// <summary><c>watch POD</c>: attach and print the pod's events until Ctrl-C or the pod goes away.</summary>
public sealed class WatchCommand : AsyncCommand<WatchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, WatchSettings settings, CancellationToken cancellationToken)
    {
        var env = CommandEnvironment.From(settings);
        using var signal = new ShutdownSignal(cancellationToken);
        var ct = signal.Token;
        var output = new EventStream(settings.Json);
        try
        {
            await using var link = await env.OpenLinkAsync(ct).ConfigureAwait(false);
            await link.Channel.SendLineAsync(ControlJson.RequestLine(ControlProtocol.Watch, new JObject { ["pod"] = settings.Pod }), ct).ConfigureAwait(false);
            while (true)
            {
                var line = await link.Channel.ReadAsync(ct).ConfigureAwait(false)
                    ?? throw new CliException(ExitCodes.SupervisorUnavailable, "the supervisor closed the connection");
                var reply = ControlReply.From(line);
                switch (reply.Event)
                {
                    case ControlProtocol.Attached:
                        output.Note($"[grey]attached to {Markup.Escape(settings.Pod)} (Ctrl-C to stop)[/]");
                        break;
                    case ControlProtocol.PodEvent:
                        output.Event(reply);
                        break;
                    case ControlProtocol.Undecodable:
                        output.Note($"[yellow]skipped an undecodable line at byte {reply.DataObject["offset"]}: {Markup.Escape((string?)reply.DataObject["reason"] ?? "")}[/]");
                        break;
                    case ControlProtocol.Detached:
                        output.End();
                        output.Note($"[yellow]pod {Markup.Escape(settings.Pod)} went away: {Markup.Escape((string?)reply.DataObject["reason"] ?? "detached")}[/]");
                        return ExitCodes.Ok;
                    case ControlProtocol.Error:
                        throw reply.ToException();
                }
            }
        }
        catch (Exception e) when (signal.Signalled && e is OperationCanceledException or CliException { ExitCode: ExitCodes.SupervisorUnavailable })
        {
            output.End();
            return ExitCodes.Ok;
        }
    }
}
