using Newtonsoft.Json.Linq;
using Yoi.Actors.Protocol;
using Yoi.Host.Control;

namespace Yoi.Host.Commands;

/// <summary>The method a <c>send</c> command line means, decoded into the typed model (what is not a valid method is a
/// usage error and never reaches the pod) and re-encoded canonically.</summary>
public static class MethodLine
{
    public static Method Parse(SendSettings settings)
    {
        var json = settings.Raw ?? Build(settings.Method!, string.Join(' ', settings.Text));
        try
        {
            return MethodCodec.Decode(json);
        }
        catch (ProtocolException e)
        {
            throw new CliException(ExitCodes.Usage, $"not a valid method: {e.Message}");
        }
    }

    /// <summary>The canonical wire form as a JSON object, for the control protocol's <c>send</c>.</summary>
    public static JObject Canonical(Method method) => ControlJson.ParseObject(MethodCodec.Encode(method));

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

        return ControlJson.Compact(o);
    }
}
