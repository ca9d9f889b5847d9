using Yoi.Actors.Protocol;

namespace Yoi.Actors.Tests.Protocol;

/// <summary>Every fixture line decodes to the right type and re-encodes to serde's exact bytes.</summary>
public sealed class GoldenFixtureTests
{
    public static TheoryData<string> MethodLines => Fixtures.Labels("methods.jsonl");

    public static TheoryData<string> EventLines => Fixtures.Labels("events.jsonl");

    public static TheoryData<string> InboundMethodLines => Fixtures.Labels("methods.inbound.jsonl");

    public static TheoryData<string> InboundEventLines => Fixtures.Labels("events.inbound.jsonl");

    [Fact]
    public void Index_covers_every_fixture_line()
    {
        foreach (var file in new[] { "methods.jsonl", "events.jsonl", "methods.inbound.jsonl", "events.inbound.jsonl" })
        {
            Assert.Equal(Fixtures.Lines(file).Length, Fixtures.Labels(file).Count);
        }

        Assert.Equal(Fixtures.Lines("methods.inbound.jsonl").Length, Fixtures.Lines("methods.inbound.canonical.jsonl").Length);
        Assert.Equal(Fixtures.Lines("events.inbound.jsonl").Length, Fixtures.Lines("events.inbound.canonical.jsonl").Length);
    }

    [Theory]
    [MemberData(nameof(MethodLines))]
    public void Method_round_trips_byte_for_byte(string label)
    {
        var (file, line, variant) = Fixtures.Parse(label);
        var json = Fixtures.Lines(file)[line - 1];

        var method = MethodCodec.Decode(json);

        Assert.Equal(Fixtures.Pascal(variant) + "Method", method.GetType().Name);
        Assert.Equal(variant, method.Name);
        Assert.Equal(json, MethodCodec.Encode(method));
    }

    [Theory]
    [MemberData(nameof(EventLines))]
    public void Event_round_trips_byte_for_byte(string label)
    {
        var (file, line, variant) = Fixtures.Parse(label);
        var json = Fixtures.Lines(file)[line - 1];

        var value = EventCodec.Decode(json);

        Assert.Equal(Fixtures.Pascal(variant) + "Event", value.GetType().Name);
        Assert.Equal(variant, value.Name);
        Assert.Equal(json, EventCodec.Encode(value));
    }

    [Theory]
    [MemberData(nameof(InboundMethodLines))]
    public void Inbound_method_re_encodes_canonically(string label)
    {
        var (file, line, variant) = Fixtures.Parse(label);
        var input = Fixtures.Lines(file)[line - 1];
        var canonical = Fixtures.Lines("methods.inbound.canonical.jsonl")[line - 1];

        var method = MethodCodec.Decode(input);

        Assert.Equal(Fixtures.Pascal(variant) + "Method", method.GetType().Name);
        Assert.Equal(canonical, MethodCodec.Encode(method));
        Assert.Equal(canonical, MethodCodec.Encode(MethodCodec.Decode(canonical)));
    }

    [Theory]
    [MemberData(nameof(InboundEventLines))]
    public void Inbound_event_re_encodes_canonically(string label)
    {
        var (file, line, variant) = Fixtures.Parse(label);
        var input = Fixtures.Lines(file)[line - 1];
        var canonical = Fixtures.Lines("events.inbound.canonical.jsonl")[line - 1];

        var value = EventCodec.Decode(input);

        Assert.Equal(Fixtures.Pascal(variant) + "Event", value.GetType().Name);
        Assert.Equal(canonical, EventCodec.Encode(value));
        Assert.Equal(canonical, EventCodec.Encode(EventCodec.Decode(canonical)));
    }
}
