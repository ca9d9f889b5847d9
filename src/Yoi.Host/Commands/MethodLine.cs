using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Yoi.Actors.Protocol;

namespace Yoi.Host.Commands;

/// <summary>The method a <c>send</c> command line means, decoded into the typed model (what is not a valid method is a
/// usage error and never reaches the pod).</summary>
public static class MethodLine
{
    public static readonly IReadOnlyList<string> Methods = ["run", "notify", "cancel", "pause", "resume", "compact", "shutdown"];

    /// <summary>Null when METHOD, TEXT and <c>--raw</c> go together, else the usage problem.</summary>
    public static string? Problem(string? method, IReadOnlyList<string> text, string? raw)
    {
        if (raw is not null)
            return method is null && text.Count == 0 ? null : "give either a METHOD or --raw JSON, not both";
        if (method is null) return $"missing METHOD: one of {string.Join(", ", Methods)}, or --raw JSON";
        if (!Methods.Contains(method)) return $"unknown method '{method}': expected one of {string.Join(", ", Methods)}, or --raw JSON";
        if (method is "run" or "notify") return text.Count > 0 ? null : $"{method} needs TEXT";
        return text.Count == 0 ? null : $"{method} takes no TEXT";
    }

    /// <summary>The method of a valid command line (see <see cref="Problem"/>); an invalid <c>--raw</c> is a usage error.</summary>
    public static Method Parse(string? method, IReadOnlyList<string> text, string? raw)
    {
        var json = raw ?? Build(method!, string.Join(' ', text));
        try
        {
            return MethodCodec.Decode(json);
        }
        catch (ProtocolException e)
        {
            throw new CliException(ExitCodes.Usage, $"not a valid method: {e.Message}");
        }
    }

    private static string Build(string method, string text)
    {
        var o = new JObject { ["method"] = method };
        switch (method)
        {
            case "run":
                o["params"] = new JObject { ["input"] = new JArray(new JObject { ["kind"] = "text", ["content"] = text }) };
                break;
            case "notify":
                o["params"] = new JObject { ["message"] = text };
                break;
        }

        return o.ToString(Formatting.None);
    }
}
