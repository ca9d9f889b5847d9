using Spectre.Console;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary>Prints the pod events of a watch/follow stream: raw lines with <c>--json</c>, readable lines otherwise.</summary>
public sealed class EventStream(bool json)
{
    private EventFormatter? _formatter;

    private EventFormatter Formatter => _formatter ??= new EventFormatter(Terminal.Out);

    /// <summary>One pod event line, exactly as the pod sent it.</summary>
    public void Event(string line)
    {
        if (json)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
        else
        {
            Formatter.Write(line);
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
            Formatter.Note(markup);
        }
    }

    public void End() => _formatter?.EndInline();
}
