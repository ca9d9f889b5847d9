using Spectre.Console.Cli;
using Yoi.Host.Control.Client;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary><c>logs POD</c>: the last lines of a managed pod's captured stdout (or stderr); with <c>-f</c> the lines as
/// they come, until Ctrl-C. On a terminal each line is escaped (a pod's output cannot drive the terminal); piped, the
/// lines are written as they are.</summary>
public sealed class LogsCommand : AsyncCommand<LogsSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, LogsSettings settings, CancellationToken cancellationToken)
    {
        var env = CommandEnvironment.From(settings);
        var client = new LogsClient(settings.Pod, settings.Stderr ? LogsRequest.Stderr : LogsRequest.Stdout, settings.Lines, settings.Follow);
        return ClientCommand.RunThroughDaemonAsync(client, env.RuntimeDir, cancellationToken);
    }

    private sealed class LogsClient(string pod, string stream, int lines, bool follow) : ClientCommand
    {
        public override TimeSpan? Deadline => follow ? null : TimeSpan.FromSeconds(60);

        public override async Task<int> RunAsync(ControlClient client, bool throughDaemon, Action stop, CancellationToken ct)
        {
            var escape = Terminal.OutIsTerminal;
            var output = Console.Out;
            await foreach (var e in client.LogsAsync(pod, stream, lines, follow, ct).ConfigureAwait(false))
            {
                switch (e)
                {
                    case LogLineEvent line:
                        output.WriteLine(escape ? TerminalText.Flowing(line.Line) : line.Line);
                        if (follow) output.Flush();
                        break;
                    case DetachedEvent detached:
                        output.Flush();
                        if (detached.Reason != "end")
                            throw new CliException(ExitCodes.SupervisorUnavailable, $"the log stream of pod {pod} ended: {detached.Reason}");
                        return ExitCodes.Ok;
                }
            }

            return ExitCodes.Ok;
        }

        protected override int Interrupted()
        {
            Console.Out.Flush();
            return ExitCodes.Ok;
        }
    }
}
