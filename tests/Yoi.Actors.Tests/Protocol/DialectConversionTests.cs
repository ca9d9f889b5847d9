using Yoi.Actors.Protocol;

namespace Yoi.Actors.Tests.Protocol;

/// <summary>A method in either dialect's spelling is written in the pod's; what has no equivalent there is refused.</summary>
public sealed class DialectConversionTests
{
    [Theory]
    [InlineData("""{"method":"list_pods"}""", """{"method":"list_workers"}""")]
    [InlineData("""{"method":"restore_pod","params":{"name":"child"}}""", """{"method":"restore_worker","params":{"name":"child"}}""")]
    [InlineData("""{"method":"pod_event","params":{"kind":"turn_ended","pod_name":"child"}}""", """{"method":"worker_event","params":{"kind":"turn_ended","worker_name":"child"}}""")]
    [InlineData("""{"method":"pod_event","params":{"kind":"errored","pod_name":"child","message":"provider 429"}}""", """{"method":"worker_event","params":{"kind":"errored","worker_name":"child","message":"provider 429"}}""")]
    [InlineData("""{"method":"pod_event","params":{"kind":"shut_down","pod_name":"child"}}""", """{"method":"worker_event","params":{"kind":"shut_down","worker_name":"child"}}""")]
    [InlineData("""{"method":"pod_event","params":{"kind":"scope_sub_delegated","parent_pod":"child","sub_pod":"grandchild","sub_socket":"/s","scope":[{"target":"/w","permission":"read","recursive":false}]}}""", """{"method":"worker_event","params":{"kind":"scope_sub_delegated","parent_worker":"child","sub_worker":"grandchild","sub_socket":"/s","scope":[{"target":"/w","permission":"read","recursive":false}]}}""")]
    [InlineData("""{"method":"notify","params":{"message":"x"}}""", """{"method":"notify","params":{"message":"x"}}""")]
    [InlineData("""{"method":"list_completions","params":{"kind":"file","prefix":"src/"}}""", """{"method":"list_completions","params":{"kind":"file","prefix":"src/"}}""")]
    [InlineData("""{"method":"run","params":{"input":[{"kind":"text","content":"hi"},{"kind":"unknown"}]}}""", """{"method":"run","params":{"input":[{"kind":"text","content":"hi"},{"kind":"unknown"}]}}""")]
    public void Converts_between_the_dialects_both_ways(string pod, string worker)
    {
        Assert.Equal(worker, MethodCodec.Encode(MethodCodec.Decode(pod), Dialect.Worker));
        Assert.Equal(pod, MethodCodec.Encode(MethodCodec.Decode(worker), Dialect.Pod));
        Assert.Equal(pod, MethodCodec.Encode(MethodCodec.Decode(worker)));
        Assert.Equal(pod, MethodCodec.Encode(MethodCodec.Decode(pod), Dialect.Pod));
        Assert.Equal(worker, MethodCodec.Encode(MethodCodec.Decode(worker), Dialect.Worker));
    }

    [Theory]
    [InlineData("""{"method":"list_completions","params":{"kind":"knowledge","prefix":""}}""", Dialect.Worker, "the worker dialect has no `knowledge` completion kind")]
    [InlineData("""{"method":"list_completions","params":{"kind":"workflow","prefix":""}}""", Dialect.Worker, "the worker dialect has no `workflow` completion kind")]
    [InlineData("""{"method":"run","params":{"input":[{"kind":"text","content":"x"},{"kind":"knowledge_ref","slug":"a"}]}}""", Dialect.Worker, "the worker dialect has no `knowledge_ref` segment")]
    [InlineData("""{"method":"run","params":{"input":[{"kind":"workflow_invoke","slug":"commit"}]}}""", Dialect.Worker, "the worker dialect has no `workflow_invoke` segment")]
    [InlineData("""{"method":"run","params":{"input":[{"kind":"flow","selector":"builtin:x"}]}}""", Dialect.Pod, "the pod dialect has no `flow` segment")]
    [InlineData("""{"method":"notify","params":{"message":"x","auto_run":false}}""", Dialect.Pod, "the pod dialect has no `notify.auto_run`")]
    public void Refuses_what_has_no_equivalent(string line, Dialect dialect, string expected)
    {
        var method = MethodCodec.Decode(line);

        var error = Assert.Throws<DialectMismatchException>(() => MethodCodec.Encode(method, dialect));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(dialect, error.Dialect);
        Assert.IsAssignableFrom<ProtocolException>(error);
    }

    [Fact]
    public void The_june_encoder_is_the_pod_dialect()
    {
        Assert.Throws<DialectMismatchException>(() => MethodCodec.Encode(new NotifyMethod("x", AutoRun: false)));
        Assert.Equal("""{"method":"list_pods"}""", MethodCodec.Encode(ListWorkersMethod.Instance));
    }

    [Fact]
    public void The_pod_dialect_ignores_auto_run_as_its_serde_does()
    {
        var method = Assert.IsType<NotifyMethod>(MethodCodec.Decode("""{"method":"notify","params":{"message":"x","auto_run":false}}""", Dialect.Pod));

        Assert.True(method.AutoRun);
    }

    [Fact]
    public void Dialects_have_wire_names()
    {
        Assert.Equal("pod", Dialect.Pod.ToWire());
        Assert.Equal("worker", Dialect.Worker.ToWire());
        Assert.True(DialectNames.TryParse("worker", out var worker));
        Assert.Equal(Dialect.Worker, worker);
        Assert.False(DialectNames.TryParse("Worker", out _));
    }
}
