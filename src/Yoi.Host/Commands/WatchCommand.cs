using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

/// <summary><c>watch POD</c>: attach and print the pod's events until Ctrl-C or the pod goes away.</summary>
public sealed class WatchCommand : AsyncCommand<WatchSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, WatchSettings settings, CancellationToken cancellationToken) =>
        CommandEnvironment.From(settings).RunAsync(new WatchClient(settings.Pod, settings.Json), cancellationToken);
}
