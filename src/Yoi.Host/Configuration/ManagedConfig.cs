using System.Text;
using System.Text.Json;
using Yoi.Actors.Managed;
using Yoi.Actors.Protocol;
using Yoi.Actors.Registry;

namespace Yoi.Host.Configuration;

/// <summary>
/// The <c>managed</c> section of the configuration file resolved into <see cref="ManagedPodSpec"/>s: <c>defaults</c>
/// under each pod's own keys (<c>env</c> merged key by key), the default command of the pod's dialect, placeholders
/// expanded, paths made absolute, every value checked. A pure function of the JSON and the <see cref="ManagedContext"/>:
/// the first problem is a <see cref="ConfigurationException"/> naming the key and the pod.
/// </summary>
public static class ManagedConfig
{
    public static readonly IReadOnlyList<string> PodKeys =
    [
        "command", "dialect", "workspace", "profile", "cwd", "env", "restart", "ready_timeout_ms",
        "backoff_initial_ms", "backoff_max_ms", "backoff_reset_ms", "max_restarts", "restart_window_ms",
        "stop_grace_ms", "liveness_failures", "log_dir", "log_max_bytes", "log_backups", "on_exit",
    ];

    /// <summary>The longest suffix the supervisor adds to a pod's name for a file (<c>.err.log</c>; rotated backups
    /// add <c>.N</c>, which the actor bounds by <c>log_backups</c>).</summary>
    private const string LongestLogSuffix = ".err.log";

    // The ms values are kept under a day's worth of int32 milliseconds so that doubling and timers cannot overflow.
    private const long MaxMillis = int.MaxValue / 2;

    /// <summary>The default argv of each dialect (before placeholders): the June runtime's <c>yoi pod</c>, the August
    /// runtime's <c>yoi worker</c>.</summary>
    public static IReadOnlyList<string> DefaultCommand(Dialect dialect, bool withProfile) => dialect == Dialect.Worker
        ? ["yoi", "worker", "--workspace", "{workspace}", "--worker", "{name}"]
        : withProfile
            ? ["yoi", "pod", "--workspace", "{workspace}", "--pod", "{name}", "--profile", "{profile}"]
            : ["yoi", "pod", "--workspace", "{workspace}", "--pod", "{name}"];

    /// <summary>The pods of <paramref name="managed"/> (null or absent: none), in the file's order.</summary>
    public static IReadOnlyList<ManagedPodSpec> Resolve(JsonElement? managed, ManagedContext context)
    {
        if (managed is not { ValueKind: JsonValueKind.Object } section)
            return [];
        Dictionary<string, (JsonElement Value, string Key)> defaults = new(StringComparer.Ordinal);
        JsonElement? pods = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in section.EnumerateObject())
        {
            if (!seen.Add(property.Name))
                throw new ConfigurationException($"managed.{property.Name}", null, "given twice");
            switch (property.Name)
            {
                case "defaults":
                    defaults = Fields(property.Value, "managed.defaults", null);
                    break;
                case "pods":
                    if (property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                        throw new ConfigurationException("managed.pods", null, $"expected an object (pod name → its settings), got {Json.Kind(property.Value)}");
                    pods = property.Value;
                    break;
                default:
                    throw new ConfigurationException($"managed.{property.Name}", null, "unknown key (expected defaults, pods)");
            }
        }

        var specs = new List<ManagedPodSpec>();
        if (pods is not { ValueKind: JsonValueKind.Object } podsObject)
            return specs;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in podsObject.EnumerateObject())
        {
            var name = pod.Name;
            var key = $"managed.pods.{name}";
            if (PodNames.Validate(name) is { } invalid)
                throw new ConfigurationException(key, name, $"invalid pod name: {invalid}");
            if (Encoding.UTF8.GetByteCount(name) + LongestLogSuffix.Length > PodNames.MaxUtf8Bytes)
                throw new ConfigurationException(key, name,
                    $"the name is too long for its log file {name}{LongestLogSuffix} (at most {PodNames.MaxUtf8Bytes - LongestLogSuffix.Length} UTF-8 bytes)");
            if (!names.Add(name))
                throw new ConfigurationException(key, name, "a managed pod of this name is defined twice");
            var own = Fields(pod.Value, key, name);
            specs.Add(Spec(name, key, defaults, own, context));
        }

        return specs;
    }

    private static Dictionary<string, (JsonElement Value, string Key)> Fields(JsonElement o, string key, string? pod)
    {
        if (o.ValueKind != JsonValueKind.Object)
            throw new ConfigurationException(key, pod, $"expected an object of settings, got {Json.Kind(o)}");
        var fields = new Dictionary<string, (JsonElement, string)>(StringComparer.Ordinal);
        foreach (var property in o.EnumerateObject())
        {
            var fieldKey = $"{key}.{property.Name}";
            if (!PodKeys.Contains(property.Name))
                throw new ConfigurationException(fieldKey, pod, $"unknown key (expected one of {string.Join(", ", PodKeys)})");
            if (!fields.TryAdd(property.Name, (property.Value, fieldKey)))
                throw new ConfigurationException(fieldKey, pod, "given twice");
        }

        return fields;
    }

    private static ManagedPodSpec Spec(
        string name,
        string podKey,
        Dictionary<string, (JsonElement Value, string Key)> defaults,
        Dictionary<string, (JsonElement Value, string Key)> own,
        ManagedContext context)
    {
        // The pod's own value, else the default's; null (explicit) counts as not given. Keys name where it came from.
        (JsonElement Value, string Key)? Get(string field)
        {
            if (own.TryGetValue(field, out var mine) && mine.Value.ValueKind != JsonValueKind.Null) return mine;
            if (defaults.TryGetValue(field, out var theirs) && theirs.Value.ValueKind != JsonValueKind.Null) return theirs;
            return null;
        }

        string? Str(string field) => Get(field) is { } f ? Json.String(f.Value, f.Key, name) : null;
        long Num(string field, long fallback, long min, long max) => Get(field) is { } f ? Json.Long(f.Value, f.Key, name, min, max) : fallback;
        T Choice<T>(string field, T fallback, params (string Wire, T Value)[] choices)
        {
            if (Get(field) is not { } f) return fallback;
            var text = Json.String(f.Value, f.Key, name);
            foreach (var (wire, value) in choices)
            {
                if (wire == text) return value;
            }

            throw new ConfigurationException(f.Key, name, $"expected {string.Join(", ", choices.Select(c => $"\"{c.Wire}\""))}, got \"{text}\"");
        }

        var dialect = Choice("dialect", Dialect.Pod, ("pod", Dialect.Pod), ("worker", Dialect.Worker));
        var profile = Str("profile");
        if (dialect == Dialect.Worker && profile is not null)
            throw new ConfigurationException(Get("profile")!.Value.Key, name, "the worker dialect takes no profile (the runtime refuses --profile when a worker is started directly)");
        if (profile is { Length: 0 })
            throw new ConfigurationException(Get("profile")!.Value.Key, name, "must not be empty");

        var placeholders = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["{name}"] = name,
            ["{runtime_dir}"] = context.RuntimeDir,
            ["{profile}"] = profile,
        };

        var workspace = Str("workspace") is { } ws ? AbsolutePath(Expand(ws, Get("workspace")!.Value.Key, name, placeholders), Get("workspace")!.Value.Key, name, context) : null;
        placeholders["{workspace}"] = workspace;

        IReadOnlyList<string> command;
        if (Get("command") is { } c)
        {
            if (c.Value.ValueKind != JsonValueKind.Array)
                throw new ConfigurationException(c.Key, name, $"expected an array of strings (the argv), got {Json.Kind(c.Value)}");
            var argv = new List<string>();
            var i = 0;
            foreach (var arg in c.Value.EnumerateArray())
                argv.Add(Expand(Json.String(arg, $"{c.Key}[{i++}]", name), c.Key, name, placeholders));
            if (argv.Count == 0 || argv[0].Length == 0)
                throw new ConfigurationException(c.Key, name, "must name a program (a non-empty first element)");
            command = argv;
        }
        else
        {
            if (workspace is null)
                throw new ConfigurationException($"{podKey}.workspace", name, "missing: the default command runs the pod in a workspace (give workspace, or a command)");
            command = DefaultCommand(dialect, profile is not null).Select(a => Expand(a, $"{podKey}.command", name, placeholders)).ToList();
        }

        var cwd = Str("cwd") is { } cwdText ? AbsolutePath(Expand(cwdText, Get("cwd")!.Value.Key, name, placeholders), Get("cwd")!.Value.Key, name, context) : workspace;

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in new[] { defaults, own })
        {
            if (!source.TryGetValue("env", out var e) || e.Value.ValueKind == JsonValueKind.Null) continue;
            if (e.Value.ValueKind != JsonValueKind.Object)
                throw new ConfigurationException(e.Key, name, $"expected an object of strings, got {Json.Kind(e.Value)}");
            foreach (var variable in e.Value.EnumerateObject())
            {
                var variableKey = $"{e.Key}.{variable.Name}";
                if (variable.Name.Length == 0 || variable.Name.Contains('=', StringComparison.Ordinal) || variable.Name.Contains('\0', StringComparison.Ordinal))
                    throw new ConfigurationException(variableKey, name, "not a valid environment variable name");
                env[variable.Name] = Expand(Json.String(variable.Value, variableKey, name), variableKey, name, placeholders);
            }
        }

        var logDir = Str("log_dir") is { } logText
            ? AbsolutePath(Expand(logText, Get("log_dir")!.Value.Key, name, placeholders), Get("log_dir")!.Value.Key, name, context)
            : DefaultLogDir(context) ?? throw new ConfigurationException($"{podKey}.log_dir", name, "missing: neither XDG_STATE_HOME nor HOME is set");

        var backoffInitial = Num("backoff_initial_ms", 1000, 1, MaxMillis);
        var backoffMax = Num("backoff_max_ms", Math.Max(300000, backoffInitial), 1, MaxMillis);
        if (backoffMax < backoffInitial)
            throw new ConfigurationException(Get("backoff_max_ms")?.Key ?? $"{podKey}.backoff_max_ms", name,
                $"must be at least backoff_initial_ms ({backoffInitial}) (got {backoffMax})");

        return new ManagedPodSpec
        {
            Name = name,
            Dialect = dialect,
            Command = command,
            Workspace = workspace,
            Profile = profile,
            Cwd = cwd,
            Env = env,
            Restart = Choice("restart", RestartPolicy.Always, ("always", RestartPolicy.Always), ("on-failure", RestartPolicy.OnFailure), ("never", RestartPolicy.Never)),
            ReadyTimeout = Ms(Num("ready_timeout_ms", 20000, 1, MaxMillis)),
            BackoffInitial = Ms(backoffInitial),
            BackoffMax = Ms(backoffMax),
            BackoffReset = Ms(Num("backoff_reset_ms", 600000, 1, MaxMillis)),
            MaxRestarts = (int)Num("max_restarts", 5, 0, int.MaxValue),
            RestartWindow = Ms(Num("restart_window_ms", 60000, 1, MaxMillis)),
            StopGrace = Ms(Num("stop_grace_ms", 10000, 1, MaxMillis)),
            LivenessFailures = (int)Num("liveness_failures", 3, 0, int.MaxValue),
            LogDir = logDir,
            LogMaxBytes = Num("log_max_bytes", 10485760, 4096, long.MaxValue),
            LogBackups = (int)Num("log_backups", 3, 0, 99),
            OnExit = Choice("on_exit", OnExitPolicy.Stop, ("stop", OnExitPolicy.Stop), ("keep", OnExitPolicy.Keep)),
        };
    }

    private static TimeSpan Ms(long ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Replaces <c>{name}</c>, <c>{workspace}</c>, <c>{profile}</c> and <c>{runtime_dir}</c>; any other text in
    /// braces is left as it is (an argv may carry JSON). A placeholder whose value is not set is an error.</summary>
    public static string Expand(string text, string key, string pod, IReadOnlyDictionary<string, string?> placeholders)
    {
        if (!text.Contains('{', StringComparison.Ordinal))
            return text;
        var result = new StringBuilder(text.Length + 32);
        var i = 0;
        while (i < text.Length)
        {
            var matched = false;
            if (text[i] == '{')
            {
                foreach (var (placeholder, value) in placeholders)
                {
                    if (string.CompareOrdinal(text, i, placeholder, 0, placeholder.Length) != 0) continue;
                    if (value is null)
                    {
                        var what = placeholder.Trim('{', '}');
                        throw new ConfigurationException(key, pod, $"uses {placeholder} but the pod has no {what}");
                    }

                    result.Append(value);
                    i += placeholder.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched) result.Append(text[i++]);
        }

        return result.ToString();
    }

    /// <summary><c>~</c> and <c>~/…</c> are the home directory; a relative path is taken from the configuration file's directory.</summary>
    private static string AbsolutePath(string path, string key, string pod, ManagedContext context)
    {
        if (path.Length == 0)
            throw new ConfigurationException(key, pod, "must not be empty");
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = context.Environment("HOME") is { Length: > 0 } h ? h : throw new ConfigurationException(key, pod, "starts with ~ but HOME is not set");
            path = Path.Combine(home, path.Length > 2 ? path[2..] : "");
        }

        return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(context.ConfigDir, path));
    }

    /// <summary><c>$XDG_STATE_HOME/yoi-supervisor/logs</c>, else <c>~/.local/state/yoi-supervisor/logs</c>.</summary>
    public static string? DefaultLogDir(ManagedContext context)
    {
        var state = context.Environment("XDG_STATE_HOME");
        var root = state is { Length: > 0 } && Path.IsPathRooted(state)
            ? state
            : context.Environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".local", "state") : null;
        return root is null ? null : Path.Combine(root, "yoi-supervisor", "logs");
    }
}
