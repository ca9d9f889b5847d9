using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

/// <summary><c>panel</c>: the fleet live (through the daemon when one runs, else supervised in-process), redrawn after
/// every poll cycle; <c>q</c> or Ctrl-C quits.</summary>
public sealed class PanelCommand : AsyncCommand<PanelSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, PanelSettings settings, CancellationToken cancellationToken)
    {
        var env = CommandEnvironment.From(settings);
        return env.RunAsync(new PanelClient(env.RuntimeDir, settings.Cluster), cancellationToken);
    }
}
