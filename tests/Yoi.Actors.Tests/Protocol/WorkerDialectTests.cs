using Yoi.Actors.Protocol;

namespace Yoi.Actors.Tests.Protocol;

/// <summary>The worker dialect's golden lines: every line decodes to the right type and re-encodes to serde's exact
/// bytes, with or without naming the dialect; inbound lines decode (as the worker's serde does) to their canonical form.</summary>
public sealed class WorkerDialectTests
{
    public static TheoryData<string> MethodLines => Fixtures.Labels("worker/methods.jsonl");

    public static TheoryData<string> EventLines => Fixtures.Labels("worker/events.jsonl");

    public static TheoryData<string> InboundMethodLines => Fixtures.Labels("worker/methods.inbound.jsonl");

    public static TheoryData<string> InboundEventLines => Fixtures.Labels("worker/events.inbound.jsonl");

    [Fact]
    public void Index_covers_every_fixture_line()
    {
        foreach (var file in new[] { "methods.jsonl", "events.jsonl", "methods.inbound.jsonl", "events.inbound.jsonl" })
            Assert.Equal(Fixtures.Lines("worker/" + file).Length, Fixtures.Labels("worker/" + file).Count);
        Assert.Equal(Fixtures.Lines("worker/methods.inbound.jsonl").Length,
            Fixtures.Lines("worker/methods.inbound.canonical.jsonl").Length);
        Assert.Equal(Fixtures.Lines("worker/events.inbound.jsonl").Length,
            Fixtures.Lines("worker/events.inbound.canonical.jsonl").Length);
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
        Assert.Equal(json, MethodCodec.Encode(method, Dialect.Worker));
        Assert.Equal(json, MethodCodec.Encode(MethodCodec.Decode(json, Dialect.Worker), Dialect.Worker));
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
        Assert.Equal(json, EventCodec.Encode(EventCodec.Decode(json, Dialect.Worker)));
    }

    [Theory]
    [MemberData(nameof(InboundMethodLines))]
    public void Inbound_method_re_encodes_canonically(string label)
    {
        var (file, line, variant) = Fixtures.Parse(label);
        var input = Fixtures.Lines(file)[line - 1];
        var canonical = Fixtures.Lines("worker/methods.inbound.canonical.jsonl")[line - 1];

        var method = MethodCodec.Decode(input, Dialect.Worker);

        Assert.Equal(Fixtures.Pascal(variant) + "Method", method.GetType().Name);
        Assert.Equal(canonical, MethodCodec.Encode(method, Dialect.Worker));
        Assert.Equal(canonical, MethodCodec.Encode(MethodCodec.Decode(canonical, Dialect.Worker), Dialect.Worker));
    }

    [Theory]
    [MemberData(nameof(InboundEventLines))]
    public void Inbound_event_re_encodes_canonically(string label)
    {
        var (file, line, variant) = Fixtures.Parse(label);
        var input = Fixtures.Lines(file)[line - 1];
        var canonical = Fixtures.Lines("worker/events.inbound.canonical.jsonl")[line - 1];

        var value = EventCodec.Decode(input, Dialect.Worker);

        Assert.Equal(Fixtures.Pascal(variant) + "Event", value.GetType().Name);
        Assert.Equal(canonical, EventCodec.Encode(value));
        Assert.Equal(canonical, EventCodec.Encode(EventCodec.Decode(canonical, Dialect.Worker)));
    }

    [Theory]
    [MemberData(nameof(EventLines))]
    [MemberData(nameof(InboundEventLines))]
    public void Status_reading_agrees_with_the_full_decoder_and_confirms_the_dialect(string label)
    {
        var (file, line, _) = Fixtures.Parse(label);
        var json = Fixtures.Lines(file)[line - 1];
        var decoded = EventCodec.Decode(json);

        var status = EventCodec.ReadStatus(json, out var dialect);

        Assert.Equal(decoded switch { SnapshotEvent s => s.Status, StatusEvent s => s.Status, _ => (PodStatus?)null }, status);
        Assert.Equal(decoded is SnapshotEvent snapshot ? snapshot.Dialect : null, dialect);
    }

    [Fact]
    public void Every_snapshot_greets_in_its_own_dialect()
    {
        var worker = Fixtures.Lines("worker/events.jsonl").Select(EventCodec.Decode).OfType<SnapshotEvent>().ToList();
        var pod = Fixtures.Lines("events.jsonl").Select(EventCodec.Decode).OfType<SnapshotEvent>().ToList();

        Assert.NotEmpty(worker);
        Assert.NotEmpty(pod);
        Assert.All(worker, s => Assert.Equal(Dialect.Worker, s.Dialect));
        Assert.All(pod, s => Assert.Equal(Dialect.Pod, s.Dialect));
    }

    [Fact]
    public void The_new_snapshot_fields_are_typed()
    {
        var snapshot = (SnapshotEvent)EventCodec.Decode(Fixtures.Lines("worker/events.jsonl")[50]);

        Assert.NotNull(snapshot.InFlight);
        Assert.Collection(snapshot.InFlight.Blocks,
            b => Assert.Equal(new TextInFlightBlock("hel", false), b),
            b => Assert.Equal(new ThinkingInFlightBlock("why", true), b),
            b => Assert.Equal(new ToolCallInFlightBlock("call_1", "Read", "{\"file", InFlightToolCallState.StreamingArgs), b));
        var command = Assert.Single(snapshot.InFlight.Commands);
        Assert.Equal(("command-1", "call_1", CommandStatus.Running, (long?)null), (command.CommandId, command.ToolCallId, command.Status, command.ExitCode));
        Assert.Equal(new CommandStreamSlice(4, 8, "tail", true), command.Stdout);

        var nested = (SnapshotEvent)EventCodec.Decode(Fixtures.Lines("worker/events.jsonl")[53]);
        var research = Assert.Single(nested.InternalWorkers!);
        Assert.Equal(new InternalWorkerRef("session-1", "research", "parent-session", InternalWorkerKind.SubWorker), research.Worker);
        Assert.Equal("sub worker crashed", Assert.Single(research.InternalWorkers!).Error);
    }

    [Fact]
    public void An_internal_worker_event_nests_a_whole_event()
    {
        var value = (InternalWorkerEvent)EventCodec.Decode(Fixtures.Lines("worker/events.jsonl")[56]);

        var inner = Assert.IsType<InternalWorkerEvent>(value.Event);
        Assert.Equal(new StatusEvent(PodStatus.Running), inner.Event);
        Assert.Equal(2, inner.Revision);
    }

    [Theory]
    [InlineData("""{"event":"user_message","data":{"segments":[{"kind":"flow","selector":"s"}]}}""", Dialect.Pod, "{\"event\":\"user_message\",\"data\":{\"segments\":[{\"kind\":\"unknown\"}]}}")]
    [InlineData("""{"event":"user_message","data":{"segments":[{"kind":"workflow_invoke","slug":"s"}]}}""", Dialect.Worker, "{\"event\":\"user_message\",\"data\":{\"segments\":[{\"kind\":\"unknown\"}]}}")]
    [InlineData("""{"event":"snapshot","data":{"entries":[],"greeting":{"pod_name":"p","cwd":"/","provider":"x","model":"m","scope_summary":"","tools":[]},"in_flight":{"blocks":[{"kind":"text","text":"a"}]}}}""", Dialect.Pod, "{\"event\":\"snapshot\",\"data\":{\"entries\":[],\"greeting\":{\"pod_name\":\"p\",\"cwd\":\"/\",\"provider\":\"x\",\"model\":\"m\",\"scope_summary\":\"\",\"tools\":[],\"context_window\":0,\"context_tokens\":0},\"status\":\"idle\"}}")]
    public void Decoding_as_one_dialect_treats_the_others_spelling_as_serde_does(string line, Dialect dialect, string canonical) =>
        Assert.Equal(canonical, EventCodec.Encode(EventCodec.Decode(line, dialect)));

    [Theory]
    [InlineData("""{"event":"workers_listed","data":{"workers":[]}}""", Dialect.Pod)]
    [InlineData("""{"event":"command","data":{"event":{"kind":"started","command_id":"c","tool_call_id":null,"observed_at_ms":1}}}""", Dialect.Pod)]
    [InlineData("""{"event":"pods_listed","data":{"pods":[]}}""", Dialect.Worker)]
    public void The_other_dialects_events_are_unknown_to_one_dialect(string line, Dialect dialect)
    {
        var value = Assert.IsType<UnknownEvent>(EventCodec.Decode(line, dialect));

        Assert.Equal(line, EventCodec.Encode(value));
        Assert.IsNotType<UnknownEvent>(EventCodec.Decode(line));
    }

    [Fact]
    public void A_greeting_with_neither_name_is_refused_and_says_which_key_it_wanted()
    {
        const string line = """{"event":"snapshot","data":{"entries":[],"greeting":{"cwd":"/","provider":"x","model":"m","scope_summary":"","tools":[]}}}""";

        Assert.Contains("missing field `worker_name`",
            Assert.Throws<ProtocolException>(() => EventCodec.Decode(line, Dialect.Worker)).Message, StringComparison.Ordinal);
        Assert.Contains("missing field `pod_name`",
            Assert.Throws<ProtocolException>(() => EventCodec.Decode(line)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_worker_dialect_refuses_the_pods_methods_and_lists_its_own()
    {
        var error = Assert.Throws<ProtocolException>(() => MethodCodec.Decode("""{"method":"list_pods"}""", Dialect.Worker));

        Assert.Equal("unknown method `list_pods` (expected one of `run`, `notify`, `worker_event`, `resume`, `cancel`, `pause`, "
            + "`compact`, `list_rewind_targets`, `rewind_to`, `shutdown`, `list_completions`, `list_workers`, `restore_worker`, "
            + "`register_peer`)", error.Message);
        Assert.Throws<ProtocolException>(() => MethodCodec.Decode("""{"method":"run_tracked","params":{}}"""));
        Assert.Contains("unknown kind `knowledge`", Assert.Throws<ProtocolException>(() => MethodCodec.Decode(
            """{"method":"list_completions","params":{"kind":"knowledge","prefix":""}}""", Dialect.Worker)).Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"event":"snapshot","data":{"entries":[],"greeting":{}}}""", null)]
    [InlineData("""{"event":"snapshot","data":{"entries":[],"greeting":{"pod_name":"p"}}}""", Dialect.Pod)]
    [InlineData("""{"event":"snapshot","data":{"entries":[],"greeting":{"cwd":"/","worker_name":"w","pod_name":"p"}}}""", Dialect.Worker)]
    [InlineData("""{"event":"status","data":{"status":"idle"}}""", null)]
    public void The_status_reading_takes_the_dialect_from_the_first_name_key(string line, Dialect? expected)
    {
        EventCodec.ReadStatus(line, out var dialect);

        Assert.Equal(expected, dialect);
    }

    [Fact]
    public void A_greeting_with_both_names_takes_the_first_and_writes_only_it()
    {
        const string line = """{"event":"snapshot","data":{"entries":[],"greeting":{"worker_name":"w","pod_name":"p","cwd":"/","provider":"x","model":"m","scope_summary":"","tools":[]}}}""";

        var snapshot = Assert.IsType<SnapshotEvent>(EventCodec.Decode(line));

        Assert.Equal((Dialect.Worker, "w"), (snapshot.Dialect, snapshot.Greeting.PodName));
        Assert.Equal("""{"event":"snapshot","data":{"entries":[],"greeting":{"worker_name":"w","cwd":"/","provider":"x","model":"m","scope_summary":"","tools":[],"context_window":0,"context_tokens":0},"status":"idle"}}""",
            EventCodec.Encode(snapshot));
    }

    [Theory]
    [InlineData("""{"event":"command","data":{"event":{"kind":"output","command_id":"c","stream":"stdin","start_offset":0,"end_offset":0,"content":"","observed_at_ms":1}}}""", "event `command`: command event `output`: unknown stream `stdin`")]
    [InlineData("""{"event":"command","data":{"event":{"kind":"terminal","command_id":"c","status":"failed","exit_code":4294967296,"stdout_end_offset":0,"stderr_end_offset":0,"observed_at_ms":1}}}""", "event `command`: command event `terminal`: field `exit_code`: integer `4294967296` out of range for i32")]
    [InlineData("""{"event":"command","data":{"event":{"kind":"paused","command_id":"c"}}}""", "event `command`: unknown command event kind `paused` (expected one of `started`, `output`, `terminal`)")]
    [InlineData("""{"event":"internal_worker","data":{"worker":{"session_id":"s","name":"n","kind":"sub_worker"},"revision":1}}""", "event `internal_worker`: missing field `event`")]
    [InlineData("""{"event":"internal_worker","data":{"worker":{"session_id":"s","name":"n","kind":"sub_worker"},"revision":1,"event":{"event":"status","data":{}}}}""", "event `internal_worker`: event `status`: missing field `status`")]
    [InlineData("""{"event":"snapshot","data":{"entries":[],"greeting":{"worker_name":"w","cwd":"/","provider":"x","model":"m","scope_summary":"","tools":[]},"in_flight":{"blocks":[{"kind":"tool_call","id":"c","name":"n","args":"","state":"exploded"}]}}}""", "event `snapshot`: in-flight block `tool_call`: unknown state `exploded`")]
    [InlineData("""{"event":"workers_listed","data":{}}""", "event `workers_listed`: missing field `workers`")]
    public void Worker_decode_errors_say_why(string line, string expected)
    {
        var error = Assert.Throws<ProtocolException>(() => EventCodec.Decode(line));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
