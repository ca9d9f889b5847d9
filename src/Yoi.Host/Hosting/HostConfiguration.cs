using Microsoft.Extensions.Configuration;
using Yoi.Actors.Registry;

namespace Yoi.Host.Hosting;

/// <summary>Builds the configuration of one invocation and binds <see cref="SupervisorOptions"/> from it.</summary>
public static class HostConfiguration
{
    public const string EnvironmentPrefix = "YOI_SUPERVISOR_";

    /// <summary>appsettings.json (optional, beside the executable) &lt; YOI_SUPERVISOR_* &lt; <paramref name="flags"/> (null values ignored).</summary>
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?> flags)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(flags.Where(kv => kv.Value is not null));
        return builder.Build();
    }

    /// <summary>Binds and validates; a bad value is a usage error (exit 2).</summary>
    public static SupervisorOptions Bind(IConfiguration configuration)
    {
        var options = new SupervisorOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(ExitCodes.Usage, $"invalid configuration: {e.InnerException?.Message ?? e.Message}");
        }

        if (options.Validate() is { } problem)
            throw new CliException(ExitCodes.Usage, $"invalid configuration: {problem}");
        return options;
    }

    /// <summary>The runtime directory: the option (flag, env or file) or the Yoi runtime's own resolution.</summary>
    public static string ResolveRuntimeDir(SupervisorOptions options)
    {
        try
        {
            return Path.GetFullPath(RuntimeDirectory.Resolve(options.RuntimeDir));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            throw new CliException(ExitCodes.Usage, $"cannot resolve the runtime directory: {e.Message}");
        }
    }
}
