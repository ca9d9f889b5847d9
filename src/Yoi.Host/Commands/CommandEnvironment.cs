using Microsoft.Extensions.Configuration;
using Yoi.Host.Hosting;

namespace Yoi.Host.Commands;

/// <summary>The configuration, options and runtime directory of one invocation.</summary>
/// <param name="File">The configuration file in play, if any (<c>run</c> resolves its <c>managed</c> section and
/// remembers the path for <c>reload</c>).</param>
public sealed record CommandEnvironment(IConfigurationRoot Configuration, SupervisorOptions Options, string RuntimeDir, Yoi.Host.Configuration.ConfigFile? File = null)
{
    public static CommandEnvironment From(CommonSettings settings)
    {
        var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings.ConfigurationFlags())
        {
            if (value is not null) flags[key] = value;
        }

        return From(flags);
    }

    /// <param name="flags">The flags that override configuration, by configuration key (null values ignored).</param>
    public static CommandEnvironment From(IReadOnlyDictionary<string, string?> flags)
    {
        var file = HostConfiguration.LoadConfigFile(flags);
        var configuration = HostConfiguration.Build(flags, file);
        var options = HostConfiguration.Bind(configuration);
        return new CommandEnvironment(configuration, options, HostConfiguration.ResolveRuntimeDir(options), file);
    }

    /// <summary>Runs a client command against the daemon of the runtime dir, or else a supervisor in this process.</summary>
    public Task<int> RunAsync(ClientCommand command, CancellationToken ct) =>
        ClientCommand.RunAsync(command, Options, RuntimeDir, ct);
}
