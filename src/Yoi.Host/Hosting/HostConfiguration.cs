using System.Collections;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Yoi.Actors.Registry;

namespace Yoi.Host.Hosting;

/// <summary>Builds the configuration of one invocation and binds <see cref="SupervisorOptions"/> from it.</summary>
public static class HostConfiguration
{
    public const string EnvironmentPrefix = "YOI_SUPERVISOR_";

    public const string SettingsFile = "appsettings.json";

    private const string RuntimeDirKey = "runtime_dir";

    /// <summary>appsettings.json (optional, beside the executable) &lt; YOI_SUPERVISOR_* &lt; <paramref name="flags"/> (null values ignored).</summary>
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?> flags)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile(SettingsFile, optional: true, reloadOnChange: false)
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

    /// <summary>
    /// The runtime directory as <see cref="Build"/>, <see cref="Bind"/> and <see cref="ResolveRuntimeDir"/> give it, from
    /// the only key a client of the daemon uses (<c>runtime_dir</c>: the flag, <c>YOI_SUPERVISOR_RUNTIME_DIR</c>, then
    /// <c>appsettings.json</c>), without building the configuration stack. Null whenever it cannot be sure (an
    /// unreadable settings file, an empty or odd value): the caller then takes the full path, which reports the problem.
    /// </summary>
    public static string? TryResolveRuntimeDirQuickly(string? flag)
    {
        var value = flag ?? FromEnvironment();
        if (value is null)
        {
            value = FromSettingsFile(out var unsure);
            if (unsure) return null;
        }

        if (value is { Length: 0 }) return null;
        try
        {
            return Path.GetFullPath(RuntimeDirectory.Resolve(value));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            return null;
        }
    }

    // Environment keys match the prefix and key case-insensitively, as the configuration's provider does.
    private static string? FromEnvironment()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.Equals(EnvironmentPrefix + RuntimeDirKey, StringComparison.OrdinalIgnoreCase))
                return entry.Value as string ?? "";
        }

        return null;
    }

    private static string? FromSettingsFile(out bool unsure)
    {
        unsure = false;
        var path = Path.Combine(AppContext.BaseDirectory, SettingsFile);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return Unsure(out unsure);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!property.Name.Equals(RuntimeDirKey, StringComparison.OrdinalIgnoreCase)) continue;
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : Unsure(out unsure);
            }

            return null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return Unsure(out unsure);
        }
    }

    private static string? Unsure(out bool unsure)
    {
        unsure = true;
        return null;
    }
}
