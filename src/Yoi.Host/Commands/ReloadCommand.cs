using Spectre.Console.Cli;
using Yoi.Host.Control.Client;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>reload</c>: the daemon re-reads its configuration file and applies its managed section.</summary>
public sealed class ReloadCommand : AsyncCommand<ReloadSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, ReloadSettings settings, CancellationToken cancellationToken)
    {
        var env = CommandEnvironment.From(settings);
        return ClientCommand.RunThroughDaemonAsync(new ReloadClient(), env.RuntimeDir, cancellationToken);
    }

    private sealed class ReloadClient : ClientCommand
    {
        public override TimeSpan? Deadline => Control.Requests.ProcessRequestActor.ProcessTimeout + TimeSpan.FromSeconds(30);

        public override async Task<int> RunAsync(ControlClient client, bool throughDaemon, Action stop, CancellationToken ct)
        {
            var r = await client.ReloadAsync(ct).ConfigureAwait(false);
            Console.Out.WriteLine(Sentence(r));
            return ExitCodes.Ok;
        }
    }

    public static string Sentence(ReloadedEvent r)
    {
        static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Select(TerminalText.Name));
        return $"reloaded {TerminalText.Line(r.File)}: added {Names(r.Added)}; removed {Names(r.Removed)}; changed {Names(r.Changed)}; {r.Unchanged} unchanged";
    }
}
