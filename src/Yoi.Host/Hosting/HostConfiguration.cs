using System.Collections;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Yoi.Actors.Registry;
using Yoi.Host.Configuration;

namespace Yoi.Host.Hosting;

/// <summary>Builds the configuration of one invocation and binds <see cref="SupervisorOptions"/> from it.</summary>
public static class HostConfiguration
{
    public const string EnvironmentPrefix = "YOI_SUPERVISOR_";

    public const string SettingsFile = "appsettings.json";

    private const string RuntimeDirKey = "runtime_dir";

    /// <summary>appsettings.json (optional, beside the executable) &lt; the configuration file (<see cref="LoadConfigFile"/>)
    /// &lt; YOI_SUPERVISOR_* &lt; <paramref name="flags"/> (null values ignored).</summary>
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?> flags) => Build(flags, LoadConfigFile(flags));

    /// <summary>As <see cref="Build(IReadOnlyDictionary{string, string?})"/>, with the configuration file already read.</summary>
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?> flags, ConfigFile? file)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile(SettingsFile, optional: true, reloadOnChange: false);
        if (file is not null)
            builder.AddInMemoryCollection(file.Options);
        builder
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(flags.Where(kv => kv.Value is not null && !string.Equals(kv.Key, ConfigFile.FlagKey, StringComparison.OrdinalIgnoreCase)));
        return builder.Build();
    }

    /// <summary>The <c>cluster</c> section (<c>run --cluster</c>); a value that does not bind is a usage error.</summary>
    public static Cluster.ClusterOptions BindCluster(IConfiguration configuration)
    {
        var options = new Cluster.ClusterOptions();
        try
        {
            configuration.GetSection(Cluster.ClusterOptions.Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(ExitCodes.Usage, $"invalid configuration: cluster: {e.InnerException?.Message ?? e.Message}");
        }

        return options;
    }

    /// <summary>The configuration file in play (<c>--config</c>, <c>$YOI_SUPERVISOR_CONFIG</c>, the XDG default), read
    /// and checked; null when there is none. A bad one is a usage error (exit 2) naming the file and the key.</summary>
    public static ConfigFile? LoadConfigFile(IReadOnlyDictionary<string, string?> flags)
    {
        flags.TryGetValue(ConfigFile.FlagKey, out var flag);
        string? path = null;
        try
        {
            path = ConfigFile.Locate(flag, Environment.GetEnvironmentVariable);
            return path is null ? null : ConfigFile.Load(path);
        }
        catch (ConfigurationException e)
        {
            throw Invalid(path, e);
        }
    }

    /// <summary>The one line that reports a configuration problem: the file, the key (and pod), what is wrong.</summary>
    public static CliException Invalid(string? path, ConfigurationException e) =>
        new(ExitCodes.Usage, path is null ? $"invalid configuration: {e.Message}" : $"invalid configuration {path}: {e.Message}");

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
    /// The options as <see cref="Build"/> and <see cref="Bind"/> give them (flags &gt; <c>YOI_SUPERVISOR_*</c> &gt;
    /// <c>appsettings.json</c>), read without the configuration stack: the short client commands need a handful of keys,
    /// and building the stack costs a one-shot command some 20 ms. Null whenever it cannot be sure it reads what the
    /// stack would (a value that does not parse or validate, a nested or unreadable setting): the caller then takes the
    /// full path, which reports the problem as usual.
    /// </summary>
    public static SupervisorOptions? TryBindQuickly(IReadOnlyDictionary<string, string?> flags)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!ReadSettingsFile(values))
            return null;
        if (!ReadConfigFile(flags, values))
            return null;
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                values[key[EnvironmentPrefix.Length..]] = entry.Value as string;
        }

        foreach (var (key, value) in flags)
        {
            if (value is not null && !string.Equals(key, ConfigFile.FlagKey, StringComparison.OrdinalIgnoreCase)) values[key] = value;
        }

        var options = new SupervisorOptions();
        foreach (var (key, value) in values)
        {
            var known = key.ToLowerInvariant() switch
            {
                "runtime_dir" => Set(() => options.RuntimeDir = value),
                "period_ms" => Int(value) is { } v && Set(() => options.PeriodMs = v),
                "timeout_ms" => Int(value) is { } v && Set(() => options.TimeoutMs = v),
                "failure_threshold" => Int(value) is { } v && Set(() => options.FailureThreshold = v),
                "success_threshold" => Int(value) is { } v && Set(() => options.SuccessThreshold = v),
                "max_line_bytes" => Int(value) is { } v && Set(() => options.MaxLineBytes = v),
                "subscriber_backlog_bytes" => Long(value) is { } v && Set(() => options.SubscriberBacklogBytes = v),
                "max_control_connections" => Int(value) is { } v && Set(() => options.MaxControlConnections = v),
                "write_timeout_ms" => Int(value) is { } v && Set(() => options.WriteTimeoutMs = v),
                _ => true, // other keys (Logging:…) are not options: the binder ignores them too
            };
            if (!known)
                return null;
        }

        return options.Validate() is null ? options : null;
    }

    private static bool Set(Action assign)
    {
        assign();
        return true;
    }

    private static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static long? Long(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The option keys of the configuration file in play into <paramref name="values"/> (its <c>managed</c>
    /// section is not read: no client command needs it); false when it is named but missing, or not valid.</summary>
    private static bool ReadConfigFile(IReadOnlyDictionary<string, string?> flags, Dictionary<string, string?> values)
    {
        flags.TryGetValue(ConfigFile.FlagKey, out var flag);
        try
        {
            if (ConfigFile.Locate(flag, Environment.GetEnvironmentVariable) is not { } path)
                return true;
            foreach (var (key, value) in ConfigFile.Load(path).Options)
                values[key] = value;
            return true;
        }
        catch (ConfigurationException)
        {
            return false;
        }
    }

    /// <summary>The top-level scalars of appsettings.json into <paramref name="values"/> (objects flattened as the stack
    /// flattens them, <c>section:key</c>); false when the file cannot be read as the stack would read it.</summary>
    private static bool ReadSettingsFile(Dictionary<string, string?> values)
    {
        var path = Path.Combine(AppContext.BaseDirectory, SettingsFile);
        if (!File.Exists(path)) return true;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return doc.RootElement.ValueKind == JsonValueKind.Object && Flatten(doc.RootElement, "", values);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool Flatten(JsonElement o, string prefix, Dictionary<string, string?> values)
    {
        foreach (var property in o.EnumerateObject())
        {
            var key = prefix + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    if (!Flatten(property.Value, key + ":", values)) return false;
                    break;
                case JsonValueKind.Array when key.StartsWith(Cluster.ClusterOptions.Section + ":", StringComparison.OrdinalIgnoreCase):
                    break; // seed_nodes, roles: only `run --cluster` reads them
                case JsonValueKind.Array:
                    return false;
                case JsonValueKind.Null:
                    values[key] = null;
                    break;
                case JsonValueKind.String:
                    values[key] = property.Value.GetString();
                    break;
                default:
                    values[key] = property.Value.GetRawText();
                    break;
            }
        }

        return true;
    }
}
