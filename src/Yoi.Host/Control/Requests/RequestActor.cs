using Akka.Actor;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control.Requests;

/// <summary>One request of a control connection (its parent): renders what it answers and hands the bytes to the
/// connection, which owns the socket. Every request ends by replying (<see cref="ControlConnection.Replied"/>), even
/// when the supervisor does not answer (<see cref="AnswerTimeout"/>).</summary>
public abstract class RequestActor : UntypedActor
{
    /// <summary>How long a request waits for the supervisor.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    private readonly ControlOutput _output = new();

    protected RequestActor(string? id) => Id = id;

    /// <summary>The request's id, echoed on every line that answers it.</summary>
    protected string? Id { get; }

    protected IActorRef Connection => Context.Parent;

    protected override void PostStop() => _output.Dispose();

    /// <summary>Writes the reply and ends the request.</summary>
    protected void Answer(ControlEvent reply)
    {
        Emit(reply);
        Connection.Tell(ControlConnection.Replied.Instance);
        Context.Stop(Self);
    }

    /// <summary>Writes the reply of a stream; the stream goes on.</summary>
    protected void Replied(ControlEvent reply)
    {
        Emit(reply);
        Connection.Tell(ControlConnection.Replied.Instance);
    }

    /// <summary>Writes one line.</summary>
    protected void Emit(ControlEvent e)
    {
        _output.Add(e, Id);
        Flush();
    }

    // Output messages stay under the large-object threshold: a flood renders ~100 MB/s, and large arrays at that rate
    // would only be reclaimed by full collections.
    private const int MaxOutputBytes = 32 * 1024;

    /// <summary>Gathers a line for the next <see cref="Flush"/> (a batch of events goes out in few messages).</summary>
    protected void Gather(ControlEvent e)
    {
        _output.Add(e, Id);
        if (_output.Length >= MaxOutputBytes)
            Connection.Tell(_output.Take());
    }

    protected void Flush()
    {
        if (_output.Length > 0)
            Connection.Tell(_output.Take());
    }

    /// <summary>Flushes a batch a pod session delivered: the connection acknowledges <paramref name="bytes"/> to
    /// <paramref name="session"/> once the client has been written it.</summary>
    protected void Flush(IActorRef session, long bytes)
    {
        var output = _output.Length > 0 ? _output.Take() : new ControlConnection.Output(ReadOnlyMemory<byte>.Empty);
        Connection.Tell(output with { AckTo = session, AckBytes = bytes });
    }

    /// <summary>Ends a stream the connection found <see cref="ControlConnection.Lagged"/>: its last line, then stop.</summary>
    protected void Farewell(ControlEvent last)
    {
        _output.Add(last, Id);
        Connection.Tell(_output.Take() with { Farewell = true });
        Context.Stop(Self);
    }

    protected const string LaggedDetail = "the client did not read its stream: more than the backlog bound was waiting to be written";

    protected static ErrorReply Timeout() => new(ControlNames.Timeout, "the supervisor did not answer in time");

    /// <summary>The tail of every request's receive: the supervisor's silence is answered as a timeout.</summary>
    protected void Otherwise(object message)
    {
        if (message is ReceiveTimeout)
            Answer(Timeout());
        else
            Unhandled(message);
    }

    /// <summary>A request about a managed pod was refused, or the pod has no managed spec: the view tells an unknown
    /// name from a pod someone else started (<see cref="ManagedErrors.NotManaged"/>); without a view,
    /// <paramref name="unanswered"/>.</summary>
    protected void ClassifyManagedRefusal(IActorRef supervisor, string pod, string? refusal, ErrorReply unanswered)
    {
        supervisor.Tell(Fleet.GetView.Instance);
        Context.SetReceiveTimeout(AnswerTimeout);
        Become(message =>
        {
            switch (message)
            {
                case Fleet.View view:
                    Answer(ManagedErrors.NotManaged(view, pod, refusal));
                    break;
                case ReceiveTimeout:
                    Answer(unanswered);
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        });
    }
}
