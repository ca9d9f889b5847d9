using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Host.Control;

/// <summary>JSON handling shared by both ends of the control protocol: strings stay strings (no date guessing).</summary>
public static class ControlJson
{
    /// <summary>Parses one JSON object; throws <see cref="JsonException"/> when the line is not one.</summary>
    public static JObject ParseObject(string line)
    {
        using var reader = new JsonTextReader(new StringReader(line))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = 64,
        };
        var token = JToken.ReadFrom(reader);
        if (reader.Read() && reader.TokenType != JsonToken.Comment)
            throw new JsonReaderException("unexpected content after the JSON value");
        return token as JObject ?? throw new JsonReaderException($"expected a JSON object, got {token.Type.ToString().ToLowerInvariant()}");
    }

    public static string Compact(JToken token) => token.ToString(Formatting.None);

    /// <summary><c>{"event":name,"data":data[,"id":id]}</c>, compact, no terminator.</summary>
    public static string EventLine(string name, JToken? data, JToken? id = null)
    {
        var o = new JObject { ["event"] = name };
        if (data is not null) o["data"] = data;
        if (id is not null) o["id"] = id.DeepClone();
        return o.ToString(Formatting.None);
    }

    /// <summary><c>{"method":name,"params":params[,"id":id]}</c>, compact, no terminator.</summary>
    public static string RequestLine(string method, JObject? parameters = null, JToken? id = null)
    {
        var o = new JObject { ["method"] = method };
        if (parameters is not null) o["params"] = parameters;
        if (id is not null) o["id"] = id;
        return o.ToString(Formatting.None);
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
