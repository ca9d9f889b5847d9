using Spectre.Console;
using Yoi.Host.Control;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary>Prints the pod events of a watch/follow stream: raw lines with <c>--json</c>, readable lines otherwise.</summary>
public sealed class EventStream(bool json)
{
    private readonly EventFormatter _formatter = new(Terminal.Out);

    public void Event(ControlReply reply)
    {
        var line = (string?)reply.DataObject["line"] ?? "";
        if (json)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
        else
        {
            _formatter.Write(line);
        }
    }

    /// <summary>A message of the CLI (attached, detached, skipped line): stderr with <c>--json</c>, so stdout stays pure JSON lines.</summary>
    public void Note(string markup)
    {
        if (json)
        {
            Terminal.Error.MarkupLine(markup);
        }
        else
        {
            _formatter.Note(markup);
        }
    }

    public void End() => _formatter.EndInline();
}
