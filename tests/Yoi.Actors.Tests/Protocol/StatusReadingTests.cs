using System.Text;
using Yoi.Actors.Protocol;

namespace Yoi.Actors.Tests.Protocol;

/// <summary><see cref="EventCodec.ReadStatus"/>: a probe's reading of a line agrees with the full decoder on every golden
/// line, and refuses what the full decoder refuses about a status.</summary>
public sealed class StatusReadingTests
{
    public static TheoryData<string> EventLines => Fixtures.Labels("events.jsonl");

    public static TheoryData<string> InboundEventLines => Fixtures.Labels("events.inbound.jsonl");

    private static PodStatus? StatusOf(Event value) => value switch
    {
        SnapshotEvent snapshot => snapshot.Status,
        StatusEvent status => status.Status,
        _ => null,
    };

    [Theory]
    [MemberData(nameof(EventLines))]
    [MemberData(nameof(InboundEventLines))]
    public void Agrees_with_the_full_decoder(string label)
    {
        var (file, line, _) = Fixtures.Parse(label);
        var json = Fixtures.Lines(file)[line - 1];

        Assert.Equal(StatusOf(EventCodec.Decode(json)), EventCodec.ReadStatus(json));
    }

    [Fact]
    public void Golden_lines_include_every_status_of_both_carriers()
    {
        // Without these the agreement above would prove little.
        var statuses = Fixtures.Lines("events.jsonl").Select(EventCodec.ReadStatus).ToList();
        Assert.Contains(PodStatus.Idle, statuses);
        Assert.Contains(PodStatus.Running, statuses);
        Assert.Contains(PodStatus.Paused, statuses);
        Assert.Contains(null, statuses);
    }

    [Theory]
    [InlineData("""{"event":"snapshot","data":{"entries":[],"greeting":{}}}""", PodStatus.Idle)]
    [InlineData("""{"data":{"status":"paused"},"event":"status"}""", PodStatus.Paused)]
    [InlineData("""{"data":{"entries":[],"status":"running","greeting":{}},"event":"snapshot"}""", PodStatus.Running)]
    [InlineData("""{"event":"status","data":{"extra":[1,{"x":2}],"status":"running"},"more":null}""", PodStatus.Running)]
    public void Reads_the_status_in_any_field_order_and_defaults_to_idle(string line, PodStatus expected) =>
        Assert.Equal(expected, EventCodec.ReadStatus(line));

    [Theory]
    [InlineData("""{"event":"from_the_future","data":{"status":"nonsense"}}""")]
    [InlineData("""{"event":"alert","data":{"level":"warn","source":"pod","message":"m","timestamp_ms":1}}""")]
    [InlineData("""{"event":"shutdown"}""")]
    public void Other_events_give_no_status(string line) => Assert.Null(EventCodec.ReadStatus(line));

    [Theory]
    [InlineData("not json", "invalid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"data":{"status":"idle"}}""", "missing field `event`")]
    [InlineData("""{"event":"status"}""", "missing field `data`")]
    [InlineData("""{"event":"status","data":{}}""", "missing field `status`")]
    [InlineData("""{"event":"status","data":{"status":"asleep"}}""", "asleep")]
    [InlineData("""{"event":"snapshot","data":{"greeting":{},"status":"idle"}}""", "missing field `entries`")]
    [InlineData("""{"event":"snapshot","data":{"entries":[],"status":"idle"}}""", "missing field `greeting`")]
    [InlineData("""{"event":"snapshot","data":{"entries":{},"greeting":{}}}""", "entries")]
    [InlineData("""{"event":"snapshot","data":{"entries":[],"greeting":{}}} x""", "invalid JSON")]
    [InlineData("""{"event":"text_delta","data":{"text":"unterminated}}""", "invalid JSON")]
    public void Refuses_what_the_full_decoder_refuses(string line, string expected)
    {
        var error = Assert.Throws<ProtocolException>(() => EventCodec.ReadStatus(line));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Throws<ProtocolException>(() => EventCodec.Decode(line));
    }

    [Fact]
    public void A_long_history_is_skipped_not_built()
    {
        // ~4 MB of entries before the status: the probe's reading must still find it.
        var entry = """{"kind":"user_input","segments":[{"content":"lorem ipsum dolor sit amet, consectetur adipiscing elit","kind":"text"}],"ts":1700000000001}""";
        var line = new StringBuilder("""{"event":"snapshot","data":{"entries":[""");
        for (var i = 0; i < 30_000; i++)
            line.Append(i == 0 ? "" : ",").Append(entry);
        line.Append("""],"greeting":{"pod_name":"p","cwd":"/","provider":"x","model":"y","scope_summary":"","tools":[],"context_window":1,"context_tokens":0},"status":"running"}}""");

        Assert.Equal(PodStatus.Running, EventCodec.ReadStatus(line.ToString()));
    }
}
