using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

/// <summary><c>status</c>: one probe cycle (through the daemon when one runs, else in-process) and the fleet.</summary>
public sealed class StatusCommand : AsyncCommand<StatusSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, StatusSettings settings, CancellationToken cancellationToken) =>
        CommandEnvironment.From(settings).RunAsync(new StatusClient(settings.Json, settings.Pod, settings.Cluster), cancellationToken);
}
