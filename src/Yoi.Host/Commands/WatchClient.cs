using Spectre.Console;
using Yoi.Host.Control.Client;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>watch POD</c>: attach and print the pod's events until Ctrl-C or the pod goes away.</summary>
public sealed class WatchClient(string pod, bool json) : ClientCommand
{
    private readonly EventStream _output = new(json);


    public override async Task<int> RunAsync(ControlClient client, bool throughDaemon, Action stop, CancellationToken ct)
    {
        await foreach (var e in client.WatchAsync(pod, ct).ConfigureAwait(false))
        {
            switch (e)
            {
                case AttachedEvent:
                    _output.Note($"[grey]attached to {Markup.Escape(TerminalText.Name(pod))} (Ctrl-C to stop)[/]");
                    break;
                case PodLineEvent line:
                    _output.Event(line.Line);
                    break;
                case UndecodableEvent skipped:
                    _output.Note($"[yellow]skipped an undecodable line at byte {skipped.Offset}: {Markup.Escape(TerminalText.Line(skipped.Reason))}[/]");
                    break;
                case DetachedEvent detached:
                    _output.End();
                    _output.Note($"[yellow]pod {Markup.Escape(TerminalText.Name(pod))} went away: {Markup.Escape(TerminalText.Line(detached.Reason))}[/]");
                    return ExitCodes.Ok;
            }
        }

        return ExitCodes.Ok;
    }

    protected override int Interrupted()
    {
        _output.End();
        return ExitCodes.Ok;
    }
}
