using Spectre.Console.Cli;
using Yoi.Host.Web;

namespace Yoi.Host.Commands;

/// <summary><c>dashboard</c>: prints the running daemon's page address with a one-time login code, minted from the
/// token file (readable only by the daemon's user), so it needs no request to the daemon and loads no web stack.</summary>
public sealed class DashboardCommand : Command<DashboardSettings>
{
    public override int Execute(CommandContext context, DashboardSettings settings, CancellationToken cancellationToken)
    {
        var env = CommandEnvironment.From(settings);
        var urlFile = Path.Combine(env.RuntimeDir, WebAuth.UrlFileName);
        if (!File.Exists(urlFile))
            throw new CliException(ExitCodes.SupervisorUnavailable,
                $"no supervisor serves HTTP for {env.RuntimeDir}: start one with `{Program.Name} run --http PORT`");
        var url = File.ReadAllText(urlFile).Trim();
        var token = WebAuth.ReadToken(env.RuntimeDir)
                    ?? throw new CliException(ExitCodes.SupervisorUnavailable, $"no usable {WebAuth.TokenFileName} in {env.RuntimeDir}");
        var code = new WebAuth(token).MintLoginCode(DateTimeOffset.UtcNow);
        Console.Out.WriteLine($"{url}/login?code={code}");
        Console.Error.WriteLine($"open it in a browser within {WebAuth.LoginCodeLifetime.TotalMinutes:0} minutes; it works once");
        return ExitCodes.Ok;
    }
}
