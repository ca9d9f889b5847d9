using Newtonsoft.Json;
using Yoi.Actors.Protocol;

namespace Yoi.Actors.Tests.Protocol;

/// <summary>Strings and numbers come out exactly as serde_json writes them.</summary>
public sealed class EscapingTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("quote \" backslash \\ slash /", "quote \\\" backslash \\\\ slash /")]
    [InlineData("\b\t\n\f\r", "\\b\\t\\n\\f\\r")]
    [InlineData("\u0000\u0001\u001b\u001f", "\\u0000\\u0001\\u001b\\u001f")]
    [InlineData("del \u007f nel \u0085 ls \u2028 ps \u2029", "del \u007f nel \u0085 ls \u2028 ps \u2029")]
    [InlineData("é 世界 😀 </script>", "é 世界 😀 </script>")]
    public void Strings_escape_like_serde_json(string text, string escaped)
    {
        var line = $"{{\"event\":\"text_delta\",\"data\":{{\"text\":\"{escaped}\"}}}}";

        Assert.Equal(line, EventCodec.Encode(new TextDeltaEvent(text)));
        Assert.Equal(text, Assert.IsType<TextDeltaEvent>(EventCodec.Decode(line)).Text);
    }

    [Fact]
    public void Escaped_input_forms_normalise_to_serde_output()
    {
        // serde accepts \/, \u-escaped ASCII and upper-case hex, and writes the canonical form back.
        var value = EventCodec.Decode("{\"event\":\"text_done\",\"data\":{\"text\":\"\\/\\u0041\\u001B\\u00e9\\ud83d\\ude00\"}}");

        Assert.Equal("{\"event\":\"text_done\",\"data\":{\"text\":\"/A\\u001bé😀\"}}", EventCodec.Encode(value));
    }

    [Fact]
    public void Object_keys_are_escaped_too()
    {
        var line = "{\"event\":\"pods_listed\",\"data\":{\"pods\":{\"a\\nb\":1,\"q\\\"\":2}}}";

        Assert.Equal(line, EventCodec.Encode(EventCodec.Decode(line)));
    }

    [Fact]
    public void Integers_are_written_as_integers()
    {
        var usage = new UsageEvent(long.MaxValue, 0, 1);

        Assert.Equal("{\"event\":\"usage\",\"data\":{\"input_tokens\":9223372036854775807,\"output_tokens\":0,\"cache_read_input_tokens\":1}}",
            EventCodec.Encode(usage));
        Assert.Equal("{\"event\":\"alert\",\"data\":{\"level\":\"error\",\"source\":\"pod\",\"message\":\"m\",\"timestamp_ms\":-5}}",
            EventCodec.Encode(new AlertEvent(new Alert(AlertLevel.Error, AlertSource.Pod, "m", -5))));
    }

    [Theory]
    [InlineData("[0,-7,18446744073709551615]", "[0,-7,18446744073709551615]")]
    [InlineData("[100000000000000000000,-100000000000000000000]", "[1e20,-1e20]")]
    [InlineData("[1.0,1.5,-0.25,0.0,-0.0]", "[1.0,1.5,-0.25,0.0,-0.0]")]
    [InlineData("[1e3,1E16,1e17,123456789.125]", "[1000.0,1e16,1e17,123456789.125]")]
    [InlineData("[0.0001,0.00001,0.000001,1.5e-7,2.5e300]", "[0.0001,0.00001,1e-6,1.5e-7,2.5e300]")]
    [InlineData("[0.1,0.30000000000000004,5e-324]", "[0.1,0.30000000000000004,5e-324]")]
    public void Value_numbers_are_written_like_serde_json(string input, string expected)
    {
        var line = $"{{\"event\":\"pods_listed\",\"data\":{{\"pods\":{input}}}}}";

        Assert.Equal($"{{\"event\":\"pods_listed\",\"data\":{{\"pods\":{expected}}}}}", EventCodec.Encode(EventCodec.Decode(line)));
    }

    [Fact]
    public void Protocol_values_embed_through_the_shared_serializer()
    {
        var method = new RunMethod([new TextSegment("hi"), new PasteSegment(1, 2, 3, "x")]);
        using var text = new StringWriter();

        ProtocolJson.Serializer.Serialize(text, method, typeof(Method));
        using var reader = new JsonTextReader(new StringReader(text.ToString()));
        var back = ProtocolJson.Serializer.Deserialize<Method>(reader);

        Assert.Equal(MethodCodec.Encode(method), text.ToString());
        Assert.Equal(MethodCodec.Encode(method), MethodCodec.Encode(back!));
    }
}
