using Newtonsoft.Json.Linq;
using Spectre.Console;
using Spectre.Console.Cli;
using Yoi.Host.Control;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>send POD METHOD …</c>: one method; with <c>--follow</c> the events until <c>run_end</c> or <c>error</c>.</summary>
public sealed class SendCommand : AsyncCommand<SendSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SendSettings settings, CancellationToken cancellationToken)
    {
        var method = MethodLine.Parse(settings);
        var env = CommandEnvironment.From(settings);
        using var signal = new ShutdownSignal(cancellationToken);
        var ct = signal.Token;
        var output = new EventStream(settings.Json);

        try
        {
            await using var link = await env.OpenLinkAsync(ct).ConfigureAwait(false);
            var parameters = new JObject
            {
                ["pod"] = settings.Pod,
                ["request"] = MethodLine.Canonical(method),
                ["follow"] = settings.Follow,
            };
            await link.Channel.SendLineAsync(ControlJson.RequestLine(ControlProtocol.Send, parameters), ct).ConfigureAwait(false);

            while (true)
            {
                var line = await link.Channel.ReadAsync(ct).ConfigureAwait(false)
                    ?? throw new CliException(ExitCodes.SupervisorUnavailable, "the supervisor closed the connection");
                var reply = ControlReply.From(line);
                switch (reply.Event)
                {
                    case ControlProtocol.Error:
                        throw reply.ToException();
                    case ControlProtocol.Attached:
                        break;
                    case ControlProtocol.Sent:
                        if (settings.Json && !settings.Follow) Console.Out.WriteLine(ControlJson.Compact(reply.Raw));
                        else if (!settings.Json) output.Note($"[grey]sent {Markup.Escape(method.Name)} to {Markup.Escape(settings.Pod)}[/]");
                        if (!settings.Follow) return ExitCodes.Ok;
                        break;
                    case ControlProtocol.PodEvent:
                        output.Event(reply);
                        var name = (string?)reply.DataObject["event"];
                        if (name == "run_end")
                        {
                            output.End();
                            return ExitCodes.Ok;
                        }

                        if (name == "error")
                        {
                            output.End();
                            var data = ControlJson.ParseObject((string?)reply.DataObject["line"] ?? "{}")["data"] as JObject ?? [];
                            throw new CliException(ExitCodes.PodError,
                                $"pod {settings.Pod} answered error {(string?)data["code"] ?? "?"}: {(string?)data["message"] ?? ""}");
                        }

                        break;
                    case ControlProtocol.Undecodable:
                        output.Note($"[yellow]skipped an undecodable line: {Markup.Escape((string?)reply.DataObject["reason"] ?? "")}[/]");
                        break;
                    case ControlProtocol.Detached:
                        output.End();
                        throw new CliException(ExitCodes.PodUnavailable,
                            $"pod {settings.Pod} went away before the run ended: {(string?)reply.DataObject["reason"] ?? "detached"}");
                }
            }
        }
        catch (Exception e) when (signal.Signalled && e is OperationCanceledException or CliException { ExitCode: ExitCodes.SupervisorUnavailable })
        {
            output.End();
            Terminal.Error.MarkupLine("[grey]interrupted[/]");
            return 130;
        }
    }
}
