using Newtonsoft.Json.Linq;
using Yoi.Actors.Protocol;

namespace Yoi.Actors.Tests.Protocol;

/// <summary>What a newer pod may send: unknown names and kinds never throw, raw payloads survive.</summary>
public sealed class ForwardCompatibilityTests
{
    [Theory]
    [InlineData("{\"event\":\"telepathy\",\"data\":{\"z\":1,\"a\":[true,null]},\"seq\":3}")]
    [InlineData("{\"data\":{\"z\":1},\"event\":\"telepathy\"}")]
    [InlineData("{\"event\":\"telepathy\"}")]
    [InlineData("{ \"event\" : \"telepathy\" , \"data\" : \"not an object\" }")]
    public void Unknown_event_keeps_the_raw_line(string line)
    {
        var value = Assert.IsType<UnknownEvent>(EventCodec.Decode(line));

        Assert.Equal("telepathy", value.Name);
        Assert.Equal(line, value.RawLine);
        Assert.Equal(line, EventCodec.Encode(value));
    }

    [Fact]
    public void Unknown_segment_keeps_its_raw_object_but_echoes_as_unknown()
    {
        var line = "{\"event\":\"user_message\",\"data\":{\"segments\":[{\"url\":\"x.png\",\"kind\":\"image_ref\",\"size\":{\"w\":1}}]}}";

        var value = Assert.IsType<UserMessageEvent>(EventCodec.Decode(line));

        var segment = Assert.IsType<UnknownSegment>(Assert.Single(value.Segments));
        Assert.Equal("image_ref", segment.Kind);
        Assert.True(JToken.DeepEquals(JObject.Parse("{\"url\":\"x.png\",\"kind\":\"image_ref\",\"size\":{\"w\":1}}"), segment.Raw));
        Assert.Equal("{\"event\":\"user_message\",\"data\":{\"segments\":[{\"kind\":\"unknown\"}]}}", EventCodec.Encode(value));
    }

    [Theory]
    [InlineData(
        "{\"event\":\"snapshot\",\"data\":{\"entries\":[{\"ts\":1,\"kind\":\"future\",\"nested\":{\"b\":[{\"y\":1,\"x\":2}],\"a\":\"é\"}}],\"greeting\":{\"pod_name\":\"p\",\"cwd\":\"/\",\"provider\":\"x\",\"model\":\"m\",\"scope_summary\":\"\",\"tools\":[],\"context_window\":1,\"context_tokens\":2},\"status\":\"idle\"}}",
        "{\"event\":\"snapshot\",\"data\":{\"entries\":[{\"kind\":\"future\",\"nested\":{\"a\":\"é\",\"b\":[{\"x\":2,\"y\":1}]},\"ts\":1}],\"greeting\":{\"pod_name\":\"p\",\"cwd\":\"/\",\"provider\":\"x\",\"model\":\"m\",\"scope_summary\":\"\",\"tools\":[],\"context_window\":1,\"context_tokens\":2},\"status\":\"idle\"}}")]
    [InlineData("{\"event\":\"system_item\",\"data\":{\"item\":{\"kind\":\"new\",\"extra\":[3,{\"b\":null,\"a\":false}]}}}",
        "{\"event\":\"system_item\",\"data\":{\"item\":{\"extra\":[3,{\"a\":false,\"b\":null}],\"kind\":\"new\"}}}")]
    [InlineData("{\"event\":\"pods_listed\",\"data\":{\"pods\":[{\"pod_name\":\"c\",\"state\":\"live\",\"age\":3}]}}",
        "{\"event\":\"pods_listed\",\"data\":{\"pods\":[{\"age\":3,\"pod_name\":\"c\",\"state\":\"live\"}]}}")]
    [InlineData("{\"event\":\"segment_rotated\",\"data\":{\"entry\":{\"kind\":\"segment_start\",\"ts\":1,\"history\":[],\"parent\":\"x\"}}}",
        "{\"event\":\"segment_rotated\",\"data\":{\"entry\":{\"history\":[],\"kind\":\"segment_start\",\"parent\":\"x\",\"ts\":1}}}")]
    [InlineData("{\"event\":\"rewind_applied\",\"data\":{\"entries\":[{\"ts\":1,\"kind\":\"k\",\"new\":{}}],\"input\":[],\"summary\":{\"truncated_to_entries\":1,\"discarded_entries\":0,\"tool_side_effect_warning\":true}}}",
        "{\"event\":\"rewind_applied\",\"data\":{\"entries\":[{\"kind\":\"k\",\"new\":{},\"ts\":1}],\"input\":[],\"summary\":{\"truncated_to_entries\":1,\"discarded_entries\":0,\"tool_side_effect_warning\":true}}}")]
    [InlineData("{\"event\":\"pod_restored\",\"data\":{\"result\":{\"action\":\"restored\",\"socket\":\"/s\",\"pid\":12}}}",
        "{\"event\":\"pod_restored\",\"data\":{\"result\":{\"action\":\"restored\",\"pid\":12,\"socket\":\"/s\"}}}")]
    [InlineData("{\"event\":\"peer_registered\",\"data\":{\"result\":\"plain string\"}}",
        "{\"event\":\"peer_registered\",\"data\":{\"result\":\"plain string\"}}")]
    public void Raw_value_payloads_keep_unknown_fields_with_sorted_keys(string input, string expected)
    {
        var value = EventCodec.Decode(input);

        Assert.Equal(expected, EventCodec.Encode(value));
        Assert.Equal(expected, EventCodec.Encode(EventCodec.Decode(expected)));
    }

    [Fact]
    public void Keys_sort_by_utf8_bytes_like_a_btreemap()
    {
        // UTF-16 order would put the astral "𝒳" (a surrogate pair) before U+FF21; UTF-8 byte order puts it after.
        var input = "{\"event\":\"pods_listed\",\"data\":{\"pods\":{\"𝒳\":1,\"Ａ\":2,\"b\":3,\"B\":4,\"é\":5}}}";

        Assert.Equal("{\"event\":\"pods_listed\",\"data\":{\"pods\":{\"B\":4,\"b\":3,\"é\":5,\"Ａ\":2,\"𝒳\":1}}}",
            EventCodec.Encode(EventCodec.Decode(input)));
    }

    [Fact]
    public void Unknown_enum_values_are_rejected_like_serde()
    {
        var error = Assert.Throws<ProtocolException>(() => EventCodec.Decode(
            "{\"event\":\"alert\",\"data\":{\"level\":\"warn\",\"source\":\"gremlin\",\"message\":\"m\",\"timestamp_ms\":1}}"));

        Assert.Equal("event `alert`: unknown source `gremlin` (expected one of `pod`, `worker`, `compactor`, `agents_md`, `engine`)",
            error.Message);
    }
}
