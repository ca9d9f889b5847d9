using Yoi.Actors.Protocol;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Tests;

/// <summary>The control protocol's dialect fields and a send of either spelling, through the codec (no sockets).</summary>
public sealed class DialectWireTests
{
    private static PodReport Pod(string name, string dialect, string? greeted = null, bool both = false) =>
        new(name, "/s/" + name, 1, "ok", true, "idle", 1.5, null, true, 0, null, 1, 0, [1.5])
        {
            Dialect = dialect,
            GreetedDialect = greeted,
            NameInBothFiles = both,
        };

    [Fact]
    public void A_fleet_carries_each_pods_dialect_its_greeting_and_the_both_files_flag()
    {
        var fleet = new FleetReport(DateTimeOffset.UnixEpoch, [Pod("a", "pod", "pod", both: true), Pod("a", "worker", "pod", both: true), Pod("w", "worker")],
            new SupervisorReport(3, 0, 1, 42), null);
        var line = ControlCodec.EncodeEvent(new FleetEvent(fleet));
        Assert.Contains("\"dialect\":\"worker\",\"greeted_dialect\":\"pod\",\"name_in_both_files\":true", line, StringComparison.Ordinal);

        var decoded = Assert.IsType<FleetEvent>(ControlCodec.DecodeEvent(line).Event).Fleet.Pods;
        Assert.Equal([("pod", "pod", true, false), ("worker", "pod", true, true), ("worker", null, false, false)],
            decoded.Select(p => (p.Dialect, p.GreetedDialect, p.NameInBothFiles, p.DialectMismatch)));

        var status = FleetJson.ToStatusJson(fleet);
        Assert.Contains("\"name\":\"w\",", status, StringComparison.Ordinal);
        Assert.Contains("\"dialect\":\"worker\",\"greeted_dialect\":\"pod\",\"name_in_both_files\":true}", status, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pod_object_without_dialect_is_a_june_pod()
    {
        var line = ControlCodec.EncodeEvent(new FleetEvent(new FleetReport(DateTimeOffset.UnixEpoch, [Pod("a", "pod")], new SupervisorReport(3, 0, 1, 42), null)))
            .Replace(",\"dialect\":\"pod\",\"greeted_dialect\":null,\"name_in_both_files\":false", "", StringComparison.Ordinal);
        Assert.DoesNotContain("dialect", line, StringComparison.Ordinal);
        Assert.Equal("pod", Assert.Single(Assert.IsType<FleetEvent>(ControlCodec.DecodeEvent(line).Event).Fleet.Pods).Dialect);
    }

    [Theory]
    [InlineData("{\"method\":\"list_workers\"}")]
    [InlineData("{\"method\":\"run\",\"params\":{\"input\":[{\"kind\":\"flow\",\"selector\":\"x\"}]}}")]
    [InlineData("{\"method\":\"notify\",\"params\":{\"message\":\"m\",\"auto_run\":false}}")]
    [InlineData("{\"method\":\"list_completions\",\"params\":{\"kind\":\"knowledge\",\"prefix\":\"\"}}")]
    public void A_send_of_either_dialects_method_survives_the_control_protocol(string method)
    {
        var request = new SendRequest("p", MethodCodec.Decode(method), Follow: false);
        var decoded = Assert.IsType<SendRequest>(ControlCodec.DecodeRequest(ControlCodec.EncodeRequest(request)));
        // The same method to either kind of pod: the same line, or the same refusal.
        foreach (var dialect in new[] { Dialect.Pod, Dialect.Worker })
            Assert.Equal(EncodedIn(request.Request, dialect), EncodedIn(decoded.Request, dialect));
        Assert.NotEqual(EncodedIn(request.Request, Dialect.Pod), EncodedIn(request.Request, Dialect.Worker));
    }

    private static string EncodedIn(Method method, Dialect dialect)
    {
        try
        {
            return MethodCodec.Encode(method, dialect);
        }
        catch (DialectMismatchException e)
        {
            return "refused: " + e.Message;
        }
    }
}
