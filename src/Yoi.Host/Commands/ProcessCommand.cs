using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

/// <summary><c>start POD</c>, <c>stop POD</c>, <c>restart POD</c> (the command's name is the action): through the daemon.</summary>
public sealed class ProcessCommand : AsyncCommand<ProcessSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, ProcessSettings settings, CancellationToken cancellationToken)
    {
        var env = CommandEnvironment.From(settings);
        return ClientCommand.RunThroughDaemonAsync(new ProcessClient(context.Name, settings.Pod, settings.Json), env.RuntimeDir, cancellationToken);
    }
}
