using System.Globalization;

namespace Yoi.Host.Commands;

/// <summary>
/// The command lines of the short client commands (<c>status</c>, <c>watch</c>, <c>send</c>) read without the
/// command-line framework, so that a command that talks to a running daemon starts without building the framework's
/// command model. It accepts only the plain forms it knows exactly (<c>--name value</c>, <c>--flag</c>, the positional
/// arguments); for anything else — help, an unknown, repeated or <c>=</c>-joined option, a value the framework would
/// refuse — it returns null and the framework parses the same line, with its usage errors and help.
/// </summary>
public static class QuickArgs
{
    private static readonly Dictionary<string, Dictionary<string, bool>> Options = new(StringComparer.Ordinal)
    {
        // option → takes a value
        ["status"] = new(StringComparer.Ordinal) { ["--json"] = false, ["--cluster"] = false, ["--pod"] = true, ["--timeout-ms"] = true, ["--runtime-dir"] = true, ["--config"] = true },
        ["watch"] = new(StringComparer.Ordinal) { ["--json"] = false, ["--runtime-dir"] = true, ["--config"] = true },
        ["send"] = new(StringComparer.Ordinal) { ["--json"] = false, ["--follow"] = false, ["--raw"] = true, ["--runtime-dir"] = true, ["--config"] = true },
    };

    /// <summary>The command and the flags that override configuration (by configuration key: <c>runtime_dir</c>,
    /// <c>timeout_ms</c>), or null when the framework should parse the line. An invalid <c>--raw</c> method is still a
    /// usage error (<see cref="CliException"/>), as on the framework's path.</summary>
    public static (ClientCommand Command, IReadOnlyDictionary<string, string?> Flags)? TryParse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || !Options.TryGetValue(args[0], out var known))
            return null;

        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var token = args[i];
            if (!token.StartsWith('-'))
            {
                positional.Add(token);
                continue;
            }

            if (!known.TryGetValue(token, out var takesValue) || options.ContainsKey(token))
                return null;
            if (takesValue)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith('-'))
                    return null;
                options[token] = args[++i];
            }
            else
            {
                // "--json true" is a flag with a value to the framework: leave such forms to it.
                if (i + 1 < args.Count && (bool.TryParse(args[i + 1], out _)))
                    return null;
                options[token] = null;
            }
        }

        var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (options.TryGetValue("--runtime-dir", out var runtimeDir)) flags["runtime_dir"] = runtimeDir;
        if (options.TryGetValue("--timeout-ms", out var timeoutMs)) flags["timeout_ms"] = timeoutMs;
        if (options.TryGetValue("--config", out var config)) flags["config"] = config;
        var json = options.ContainsKey("--json");
        ClientCommand? command = args[0] switch
        {
            "status" => Status(options, positional, json),
            "watch" => positional.Count == 1 ? new WatchClient(positional[0], json) : null,
            _ => Send(options, positional, json),
        };
        return command is null ? null : (command, flags);
    }

    private static StatusClient? Status(Dictionary<string, string?> options, List<string> positional, bool json)
    {
        if (positional.Count > 0)
            return null;
        if (options.TryGetValue("--timeout-ms", out var timeout) &&
            !(int.TryParse(timeout, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0))
            return null;
        options.TryGetValue("--pod", out var pod);
        var cluster = options.ContainsKey("--cluster");
        if (cluster && pod is not null)
            return null; // the framework reports the conflict
        return pod is { Length: 0 } ? null : new StatusClient(json, pod, cluster);
    }

    private static SendClient? Send(Dictionary<string, string?> options, List<string> positional, bool json)
    {
        if (positional.Count == 0)
            return null;
        options.TryGetValue("--raw", out var raw);
        var method = positional.Count > 1 ? positional[1] : null;
        var text = positional.Skip(2).ToList();
        if (MethodLine.Problem(method, text, raw) is not null)
            return null;
        return new SendClient(positional[0], MethodLine.Parse(method, text, raw), options.ContainsKey("--follow"), json);
    }
}
