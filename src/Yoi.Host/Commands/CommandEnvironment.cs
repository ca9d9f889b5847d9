using Microsoft.Extensions.Configuration;
using Yoi.Host.Hosting;

namespace Yoi.Host.Commands;

/// <summary>The configuration, options and runtime directory of one invocation.</summary>
public sealed record CommandEnvironment(IConfigurationRoot Configuration, SupervisorOptions Options, string RuntimeDir)
{
    public static CommandEnvironment From(CommonSettings settings)
    {
        var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings.ConfigurationFlags())
        {
            if (value is not null) flags[key] = value;
        }

        return From(flags, (settings as RunSettings)?.ConfigFile);
    }

    /// <param name="flags">The flags that override configuration, by configuration key (null values ignored).</param>
    /// <param name="settingsFile">A settings file read after appsettings.json (<c>run --config</c>).</param>
    public static CommandEnvironment From(IReadOnlyDictionary<string, string?> flags, string? settingsFile = null)
    {
        var configuration = HostConfiguration.Build(flags, settingsFile);
        var options = HostConfiguration.Bind(configuration);
        return new CommandEnvironment(configuration, options, HostConfiguration.ResolveRuntimeDir(options));
    }

    /// <summary>Runs a client command against the daemon of the runtime dir, or else a supervisor in this process.</summary>
    public Task<int> RunAsync(ClientCommand command, CancellationToken ct) =>
        ClientCommand.RunAsync(command, Options, RuntimeDir, ct);
}
