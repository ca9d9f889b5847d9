using System.Globalization;
using Yoi.Host.Control.Client;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>start</c>/<c>stop</c>/<c>restart</c> of a managed pod: the request, then one line saying where it stands.</summary>
public sealed class ProcessClient(string action, string pod, bool json) : ClientCommand
{
    public override TimeSpan? Deadline => Control.Requests.ProcessRequestActor.ProcessTimeout + TimeSpan.FromSeconds(30);

    public override async Task<int> RunAsync(ControlClient client, bool throughDaemon, Action stop, CancellationToken ct)
    {
        var done = await client.ProcessAsync(action, pod, ct).ConfigureAwait(false);
        Console.Out.WriteLine(json ? ControlCodec.EncodeEvent(done) : Sentence(done));
        return ExitCodes.Ok;
    }

    /// <summary>"alpha: starting, pid 1234 (restarts 2)", "alpha: stopped (last exit: signal 2 (SIGINT))".</summary>
    public static string Sentence(DoneEvent done)
    {
        var m = done.Managed;
        var text = $"{TerminalText.Name(done.Pod)}: {m.State}";
        if (m.Pid is { } pid) text += string.Create(CultureInfo.InvariantCulture, $", pid {pid}");
        if (m.Restarts > 0) text += string.Create(CultureInfo.InvariantCulture, $" (restarts {m.Restarts})");
        if (m.Pid is null && m.LastExit is { } exit) text += $" (last exit: {exit})";
        if (m.Reason is { } reason) text += $" · {TerminalText.Line(reason)}";
        return text;
    }
}
