using System.Numerics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Actors.Protocol;

/// <summary>
/// Writes a kept-raw payload the way a serde_json::Value serializes: yoi does not enable <c>preserve_order</c>, so objects
/// are BTreeMaps and their keys come out sorted (by UTF-8 bytes) at every depth.
/// </summary>
internal static class SerdeValue
{
    private static readonly BigInteger U64Max = ulong.MaxValue;

    public static void Write(JsonWriter writer, JToken token)
    {
        switch (token)
        {
            case JObject obj:
                var properties = obj.Properties().ToArray();
                Array.Sort(properties, static (a, b) => Utf8Order.Compare(a.Name, b.Name));
                writer.WriteStartObject();
                foreach (var property in properties)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JValue value:
                WriteScalar(writer, value);
                break;
            default:
                throw new ProtocolException($"cannot encode a {token.Type} token as a JSON value");
        }
    }

    private static void WriteScalar(JsonWriter writer, JValue value)
    {
        switch (value.Value)
        {
            case null:
                writer.WriteNull();
                break;
            case string s:
                writer.WriteValue(s);
                break;
            case bool b:
                writer.WriteValue(b);
                break;
            case long l:
                writer.WriteValue(l);
                break;
            case int i:
                writer.WriteValue(i);
                break;
            case ulong u:
                writer.WriteValue(u);
                break;
            case double d:
                writer.WriteValue(d);
                break;
            // serde_json keeps integers up to u64::MAX exact and parses larger ones as f64.
            case BigInteger big when big >= 0 && big <= U64Max:
                writer.WriteValue((ulong)big);
                break;
            case BigInteger big:
                writer.WriteValue((double)big);
                break;
            case Guid guid:
                writer.WriteValue(guid.ToString("D"));
                break;
            default:
                throw new ProtocolException($"cannot encode a {value.Type} value ({value.Value.GetType().Name}) as a JSON value");
        }
    }
}
