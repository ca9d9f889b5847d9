using Yoi.Actors.Managed;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Requests;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Tests.Managed;

/// <summary>The managed pods' requests, replies, row object and changes through the control codec (no sockets).</summary>
public sealed class ManagedWireTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 5, 0, 0, TimeSpan.Zero);

    private static ManagedReport Running => new("running", 4242, 2, 12.5, new ExitReport(null, 9, At), null, "restarted after signal 9 (SIGKILL)", Adopted: true);

    [Theory]
    [InlineData("""{"method":"start","params":{"pod":"alpha"},"id":1}""")]
    [InlineData("""{"method":"stop","params":{"pod":"alpha"}}""")]
    [InlineData("""{"method":"restart","params":{"pod":"al\"pha"},"id":"x"}""")]
    [InlineData("""{"method":"logs","params":{"pod":"alpha","stream":"stderr","lines":50,"follow":true},"id":7}""")]
    [InlineData("""{"method":"logs","params":{"pod":"alpha","stream":"stdout","lines":10}}""")]
    [InlineData("""{"method":"reload","id":[1,2]}""")]
    public void Requests_round_trip_byte_for_byte(string line)
    {
        var request = ControlCodec.DecodeRequest(line);
        Assert.Equal(line, ControlCodec.EncodeRequest(request));
    }

    [Fact]
    public void Logs_defaults_to_the_last_ten_stdout_lines()
    {
        var logs = Assert.IsType<LogsRequest>(ControlCodec.DecodeRequest("""{"method":"logs","params":{"pod":"a"}}"""));
        Assert.Equal(("a", "stdout", 10, false), (logs.Pod, logs.Stream, logs.Lines, logs.Follow));
        Assert.True(logs.Streams);
        Assert.Equal("start", Assert.IsType<ProcessRequest>(ControlCodec.DecodeRequest("""{"method":"start","params":{"pod":"a"}}""")).Method);
    }

    [Theory]
    [InlineData("""{"method":"start"}""", "start needs \"pod\"")]
    [InlineData("""{"method":"stop","params":{"pod":3}}""", "\"pod\" must be a string")]
    [InlineData("""{"method":"logs","params":{"pod":"a","stream":"stdin"}}""", "\"stream\" must be")]
    [InlineData("""{"method":"logs","params":{"pod":"a","lines":-1}}""", "\"lines\" must be")]
    [InlineData("""{"method":"logs","params":{"pod":"a","lines":100001}}""", "\"lines\" must be")]
    [InlineData("""{"method":"logs","params":{"pod":"a","follow":"yes"}}""", "\"follow\" must be a boolean")]
    public void Bad_requests_are_invalid_with_a_reason(string line, string reason)
    {
        var e = Assert.Throws<ControlRequestException>(() => ControlCodec.DecodeRequest(line));
        Assert.Equal(ControlNames.InvalidRequest, e.Code);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<ControlEvent> Events() => new()
    {
        new DoneEvent("alpha", "start", Running),
        new DoneEvent("alpha", "stop", new ManagedReport("stopped", null, 0, null, new ExitReport(0, null, At), null, null)),
        new LogsEvent("alpha", "stderr", "/var/log/alpha.err.log"),
        new LogLineEvent("alpha", "stdout", "héllo \u001b[31mred\u001b[0m \"quoted\""),
        new ReloadedEvent("/etc/c.json", ["new"], ["old"], ["changed"], 3),
        new ReloadedEvent("/etc/c.json", [], [], [], 0),
        new ChangeEvent(ChangeKinds.ProcessState, "alpha", From: "running", To: "backoff", Pid: null, Exit: new ExitReport(1, null, At), Reason: "exited with exit 1"),
        new ChangeEvent(ChangeKinds.ProcessState, "alpha", From: null, To: "starting", Pid: 17, Exit: null, Reason: null),
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Events_round_trip(ControlEvent e)
    {
        var line = ControlCodec.EncodeEvent(e, "5");
        var decoded = ControlCodec.DecodeEvent(line);
        Assert.Equal("5", decoded.Id);
        // Records with lists compare by reference: the re-encoded line is the comparison.
        Assert.Equal(line, ControlCodec.EncodeEvent(decoded.Event, "5"));
        Assert.Equal(e.GetType(), decoded.Event.GetType());
    }

    [Fact]
    public void The_wire_shapes_are_the_documented_ones()
    {
        Assert.Equal(
            """{"event":"done","data":{"pod":"alpha","action":"start","managed":{"state":"running","pid":4242,"restarts":2,"uptime_s":12.5,"last_exit":{"code":null,"signal":9,"at":"2026-12-02T05:00:00.000Z"},"next_start_at":null,"reason":"restarted after signal 9 (SIGKILL)","adopted":true}}}""",
            ControlCodec.EncodeEvent(new DoneEvent("alpha", "start", Running)));
        Assert.Equal(
            """{"event":"change","data":{"pod":"alpha","kind":"process_state","from":"running","to":"backoff","pid":null,"exit":{"code":1,"signal":null,"at":"2026-12-02T05:00:00.000Z"},"reason":"exited with exit 1"}}""",
            ControlCodec.EncodeEvent(new ChangeEvent(ChangeKinds.ProcessState, "alpha", From: "running", To: "backoff", Exit: new ExitReport(1, null, At), Reason: "exited with exit 1")));
        Assert.Equal("""{"event":"reloaded","data":{"file":"/c","added":["a"],"removed":[],"changed":[],"unchanged":1}}""",
            ControlCodec.EncodeEvent(new ReloadedEvent("/c", ["a"], [], [], 1)));
    }

    [Fact]
    public void A_managed_row_carries_its_managed_object_and_others_carry_null_or_nothing()
    {
        var managed = new PodReport("m", "", 0, null, false, null, null, null, false, 0, null, 0, 0, []) { Managed = Running };
        var plain = new PodReport("p", "/s", 1, "ok", true, "idle", 1, null, true, 0, null, 1, 0, [1]);
        var fleet = new FleetReport(At, [managed, plain], new SupervisorReport(3, 0, 1, 42), null);

        var line = ControlCodec.EncodeEvent(new FleetEvent(fleet));
        Assert.Contains("\"name_in_both_files\":false,\"managed\":{\"state\":\"running\",\"pid\":4242,", line, StringComparison.Ordinal);
        Assert.Contains("\"name_in_both_files\":false,\"managed\":null}", line, StringComparison.Ordinal);
        var pods = Assert.IsType<FleetEvent>(ControlCodec.DecodeEvent(line).Event).Fleet.Pods;
        Assert.Equal(Running, pods[0].Managed);
        Assert.Null(pods[1].Managed);

        // status --json: the managed object on managed rows only; unmanaged rows as before.
        var status = FleetJson.ToStatusJson(fleet);
        Assert.Contains("\"dialect\":\"pod\",\"managed\":{\"state\":\"running\"", status, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"p\",\"socket\":\"/s\",\"pid\":1,\"outcome\":\"ok\",\"reachable\":true,\"status\":\"idle\",\"latency_ms\":1,\"detail\":null,\"dialect\":\"pod\"}", status, StringComparison.Ordinal);
    }

    [Fact]
    public void A_process_state_change_of_the_supervisor_becomes_its_wire_change()
    {
        var status = new ManagedPodStatus("alpha", ManagedState.Backoff, null, 3, null, new ManagedExit(null, 9, At), At.AddSeconds(4), "killed by signal 9 (SIGKILL)");
        var transition = new Yoi.Actors.Managed.Managed.ProcessStateChanged("alpha", ManagedState.Running, ManagedState.Backoff, null, status.LastExit, status.Reason, status);
        var state = new PodState("alpha", "", 0, null, 0, 0, false, At, [], 0, 0) { Managed = status };
        var e = FleetChanges.ToEvent(new Fleet.ProcessStateChanged("alpha", transition, state));
        Assert.Equal(new ChangeEvent(ChangeKinds.ProcessState, "alpha", From: "running", To: "backoff", Pid: null, Exit: new ExitReport(null, 9, At), Reason: "killed by signal 9 (SIGKILL)"), e);

        var report = FleetReports.FromState(state);
        Assert.Equal(("backoff", 3, At.AddSeconds(4)), (report.Managed!.State, report.Managed.Restarts, report.Managed.NextStartAt));
        Assert.StartsWith("signal 9 (SIGKILL) · killed by signal 9 (SIGKILL) · next start ", FleetTable.ExitAndReason(report.Managed), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycles_report_has_a_row_for_every_managed_pod_probed_or_not()
    {
        var managed = new ManagedPodStatus("never-registered", ManagedState.Fatal, null, 0, null, null, null, "cannot execute /nope: No such file or directory");
        var view = new Fleet.View([new PodState("never-registered", "", 0, null, 0, 0, false, At, [], 0, 0) { Managed = managed }], At, null, 0, 1);
        var report = FleetReports.FromResults([], At, null, view, 3);
        var row = Assert.Single(report.Pods);
        Assert.Equal(("never-registered", "fatal"), (row.Name, row.Managed!.State));
        Assert.Empty(FleetReports.FromResults([], At, null, view, 3, wholeFleet: false).Pods);
    }
}
