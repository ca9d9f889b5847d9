using System.Text.Json;
using Spectre.Console;
using Yoi.Actors.Protocol;
using Yoi.Host.Control.Client;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>send POD METHOD …</c>: one method; with <c>follow</c> the events until <c>run_end</c> or <c>error</c>.</summary>
public sealed class SendClient(string pod, Method method, bool follow, bool json) : ClientCommand
{
    private readonly EventStream _output = new(json);


    public override async Task<int> RunAsync(ControlClient client, bool throughDaemon, Action stop, CancellationToken ct)
    {
        if (!follow)
        {
            var sent = await client.SendAsync(pod, method, ct).ConfigureAwait(false);
            if (json) Console.Out.WriteLine(ControlCodec.EncodeEvent(sent));
            else NoteSent();
            return ExitCodes.Ok;
        }

        await foreach (var e in client.SendFollowAsync(pod, method, ct).ConfigureAwait(false))
        {
            switch (e)
            {
                case SentEvent:
                    if (!json) NoteSent();
                    break;
                case PodLineEvent line:
                    _output.Event(line.Line);
                    if (line.Event == "run_end")
                    {
                        _output.End();
                        return ExitCodes.Ok;
                    }

                    if (line.Event == "error")
                    {
                        _output.End();
                        var (code, message) = PodError(line.Line);
                        throw new CliException(ExitCodes.PodError, $"pod {pod} answered error {code}: {message}");
                    }

                    break;
                case UndecodableEvent skipped:
                    _output.Note($"[yellow]skipped an undecodable line: {Markup.Escape(skipped.Reason)}[/]");
                    break;
                case DetachedEvent detached:
                    _output.End();
                    throw new CliException(ExitCodes.PodUnavailable, $"pod {pod} went away before the run ended: {detached.Reason}");
            }
        }

        throw new CliException(ExitCodes.SupervisorUnavailable, "the stream ended without a word from the supervisor");
    }

    protected override int Interrupted()
    {
        _output.End();
        Output.Terminal.Error.MarkupLine("[grey]interrupted[/]");
        return 130;
    }

    private void NoteSent() => _output.Note($"[grey]sent {Markup.Escape(method.Name)} to {Markup.Escape(TerminalText.Name(pod))}[/]");

    /// <summary>The code and message of a pod's <c>error</c> event line.</summary>
    private static (string Code, string Message) PodError(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
                return (Text(data, "code") ?? "?", Text(data, "message") ?? "");
        }
        catch (JsonException)
        {
            // Shown as unknown below.
        }

        return ("?", "");
    }

    private static string? Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
