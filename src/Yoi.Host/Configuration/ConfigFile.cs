using System.Globalization;
using System.Text.Json;

namespace Yoi.Host.Configuration;

/// <summary>
/// The supervisor's configuration file (JSON): today's option keys (<c>period_ms</c>, …), the <c>managed</c> section and
/// the <c>cluster</c> section (read by <c>run --cluster</c>; its keys and types are checked here, its relative
/// certificate paths taken from the file's directory, and it is handed on as <c>cluster:…</c> keys).
/// Found as <c>--config FILE</c>, else <c>$YOI_SUPERVISOR_CONFIG</c>, else
/// <c>$XDG_CONFIG_HOME/yoi-supervisor/config.json</c> (<c>~/.config/…</c>) when that exists. Reading it checks the
/// option keys' names and types; the <c>managed</c> section is kept as JSON and resolved by <see cref="ManagedConfig"/>
/// (only <c>run</c> and <c>reload</c> need it, so a short client command never pays for it).
/// </summary>
/// <param name="Options">The option keys as the configuration stack takes them (<c>Logging:LogLevel:Default</c>, numbers as text).</param>
public sealed record ConfigFile(string Path, IReadOnlyDictionary<string, string?> Options, JsonElement? Managed)
{
    /// <summary>The environment variable naming the file.</summary>
    public const string EnvironmentVariable = "YOI_SUPERVISOR_CONFIG";

    /// <summary>The flag's configuration key (<c>--config</c>).</summary>
    public const string FlagKey = "config";

    /// <summary>The option keys and the JSON type each takes (int: a 32-bit integer, long: 64-bit, string).</summary>
    public static readonly IReadOnlyDictionary<string, string> OptionKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["runtime_dir"] = "string",
        ["period_ms"] = "int",
        ["timeout_ms"] = "int",
        ["failure_threshold"] = "int",
        ["success_threshold"] = "int",
        ["max_line_bytes"] = "int",
        ["subscriber_backlog_bytes"] = "long",
        ["max_control_connections"] = "int",
        ["write_timeout_ms"] = "int",
    };

    /// <summary>The keys of the <c>cluster</c> section (<see cref="Cluster.ClusterOptions"/>) and the JSON type each takes
    /// (path: a string, relative to the file's directory; strings: an array of strings).</summary>
    public static readonly IReadOnlyDictionary<string, string> ClusterKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["hostname"] = "string",
        ["port"] = "int",
        ["seed_nodes"] = "strings",
        ["node_name"] = "string",
        ["roles"] = "strings",
        ["certificate_path"] = "path",
        ["certificate_password"] = "string",
        ["ca_certificate_path"] = "path",
        ["stable_after_ms"] = "int",
        ["heartbeat_pause_ms"] = "int",
    };

    private const string ManagedKey = "managed";
    private const string ClusterKey = Cluster.ClusterOptions.Section;
    private const string LoggingKey = "Logging";

    // Far above any real configuration; a bigger file is a mistake, not a configuration.
    private const long MaxFileBytes = 4 * 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 32,
    };

    /// <summary>The directory relative paths in the file are taken from.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? "/";

    /// <summary>Which file is in play, or null for none. A file named by the flag or the variable must exist; the default
    /// one is used only when it does.</summary>
    /// <param name="flag">The <c>--config</c> value, if given.</param>
    /// <param name="environment">Reads an environment variable.</param>
    public static string? Locate(string? flag, Func<string, string?> environment)
    {
        if (flag is not null)
            return Existing(flag, "--config");
        if (environment(EnvironmentVariable) is { Length: > 0 } fromEnv)
            return Existing(fromEnv, "$" + EnvironmentVariable);
        var defaultPath = DefaultPath(environment);
        return defaultPath is not null && File.Exists(defaultPath) ? System.IO.Path.GetFullPath(defaultPath) : null;
    }

    /// <summary><c>$XDG_CONFIG_HOME/yoi-supervisor/config.json</c>, else <c>~/.config/yoi-supervisor/config.json</c>
    /// (a relative <c>XDG_CONFIG_HOME</c> is ignored, as the XDG specification says); null without a home.</summary>
    public static string? DefaultPath(Func<string, string?> environment)
    {
        var xdg = environment("XDG_CONFIG_HOME");
        var root = xdg is { Length: > 0 } && System.IO.Path.IsPathRooted(xdg)
            ? xdg
            : environment("HOME") is { Length: > 0 } home ? System.IO.Path.Combine(home, ".config") : null;
        return root is null ? null : System.IO.Path.Combine(root, "yoi-supervisor", "config.json");
    }

    private static string Existing(string path, string source)
    {
        if (path.Length == 0)
            throw new ConfigurationException(source, null, "empty path");
        if (!File.Exists(path))
            throw new ConfigurationException(source, null, System.IO.Directory.Exists(path) ? $"{path} is a directory, not a configuration file" : $"no configuration file at {path}");
        return System.IO.Path.GetFullPath(path);
    }

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static ConfigFile Load(string path)
    {
        string text;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (stream.Length > MaxFileBytes)
                throw new ConfigurationException("(file)", null, $"{stream.Length} bytes, more than a configuration file may have ({MaxFileBytes})");
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException("(file)", null, $"cannot read it: {e.Message}");
        }

        return Parse(path, text);
    }

    /// <summary>Checks <paramref name="text"/> as the contents of <paramref name="path"/>.</summary>
    public static ConfigFile Parse(string path, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ConfigurationException("(file)", null, $"not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ConfigurationException("(file)", null, $"expected a JSON object, got {Json.Kind(root)}");
            var options = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            JsonElement? managed = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                var key = property.Name;
                if (!seen.Add(key))
                    throw new ConfigurationException(key, null, "given twice");
                if (key == ManagedKey)
                {
                    if (property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                        throw new ConfigurationException(key, null, $"expected an object, got {Json.Kind(property.Value)}");
                    managed = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.Clone();
                    continue;
                }

                if (key == ClusterKey)
                {
                    if (property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                        throw new ConfigurationException(key, null, $"expected an object, got {Json.Kind(property.Value)}");
                    if (property.Value.ValueKind == JsonValueKind.Object)
                        ClusterSection(property.Value, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? "/", options);
                    continue;
                }

                if (key == LoggingKey)
                {
                    if (property.Value.ValueKind != JsonValueKind.Object)
                        throw new ConfigurationException(key, null, $"expected an object, got {Json.Kind(property.Value)}");
                    FlattenLogging(property.Value, key, options);
                    continue;
                }

                if (!OptionKeys.TryGetValue(key, out var type))
                    throw new ConfigurationException(key, null, $"unknown key (expected one of {string.Join(", ", OptionKeys.Keys)}, {ManagedKey}, {ClusterKey}, {LoggingKey})");
                options[key] = OptionValue(key, type, property.Value);
            }

            return new ConfigFile(System.IO.Path.GetFullPath(path), options, managed);
        }
    }

    private static string? OptionValue(string key, string type, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        switch (type)
        {
            case "string":
                return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ConfigurationException(key, null, $"expected a string, got {Json.Kind(value)}");
            case "int":
                return Json.Int(value, key, null, long.MinValue).ToString(CultureInfo.InvariantCulture);
            default:
                return Json.Long(value, key, null, long.MinValue).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static void ClusterSection(JsonElement section, string directory, Dictionary<string, string?> options)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in section.EnumerateObject())
        {
            var name = ClusterKey + "." + property.Name;
            if (!seen.Add(property.Name))
                throw new ConfigurationException(name, null, "given twice");
            if (!ClusterKeys.TryGetValue(property.Name, out var type))
                throw new ConfigurationException(name, null, $"unknown key (expected one of {string.Join(", ", ClusterKeys.Keys)})");
            var key = ClusterKey + ":" + property.Name;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
                continue;
            switch (type)
            {
                case "strings":
                    if (value.ValueKind != JsonValueKind.Array)
                        throw new ConfigurationException(name, null, $"expected an array of strings, got {Json.Kind(value)}");
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String)
                            throw new ConfigurationException(name, null, $"expected an array of strings, got {Json.Kind(item)} in it");
                        options[key + ":" + i.ToString(CultureInfo.InvariantCulture)] = item.GetString();
                        i++;
                    }

                    break;
                case "path":
                    if (value.ValueKind != JsonValueKind.String)
                        throw new ConfigurationException(name, null, $"expected a string, got {Json.Kind(value)}");
                    var p = value.GetString()!;
                    options[key] = p.Length == 0 ? p : System.IO.Path.GetFullPath(p, directory);
                    break;
                default:
                    options[key] = OptionValue(name, type, value);
                    break;
            }
        }
    }

    private static void FlattenLogging(JsonElement o, string prefix, Dictionary<string, string?> options)
    {
        foreach (var property in o.EnumerateObject())
        {
            var key = prefix + ":" + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    FlattenLogging(property.Value, key, options);
                    break;
                case JsonValueKind.String:
                    options[key] = property.Value.GetString();
                    break;
                default:
                    throw new ConfigurationException(key.Replace(':', '.'), null, $"expected a string (a log level) or an object, got {Json.Kind(property.Value)}");
            }
        }
    }
}
