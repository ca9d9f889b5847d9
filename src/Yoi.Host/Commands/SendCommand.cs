using Spectre.Console.Cli;

namespace Yoi.Host.Commands;

/// <summary><c>send POD METHOD …</c>: one method; with <c>--follow</c> the events until <c>run_end</c> or <c>error</c>.</summary>
public sealed class SendCommand : AsyncCommand<SendSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, SendSettings settings, CancellationToken cancellationToken)
    {
        var method = MethodLine.Parse(settings.Method, settings.Text, settings.Raw);
        return CommandEnvironment.From(settings).RunAsync(new SendClient(settings.Pod, method, settings.Follow, settings.Json), cancellationToken);
    }
}
