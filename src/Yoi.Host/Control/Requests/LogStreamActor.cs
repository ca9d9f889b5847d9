using Akka.Actor;
using Akka.Event;
using Microsoft.Win32.SafeHandles;
using Yoi.Actors.Sessions;
using Yoi.Actors.Supervision;
using Yoi.Host.Configuration;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Control.Requests;

/// <summary>
/// <c>logs</c>: a managed pod's captured stdout or stderr. This actor owns its read descriptor of the log file (closed
/// in <see cref="PostStop"/>). It replies <c>logs</c> (the path), sends the last N lines, and without <c>follow</c> ends
/// with <c>detached</c> <c>end</c>. With <c>follow</c> it then checks the file every <see cref="PollInterval"/> and
/// sends what was appended; a file that shrank was truncated by rotation (copytruncate) and is read again from its
/// start; a file not there yet is waited for. Flow control as a pod stream's: each batch is acknowledged once the client
/// has been written it, and reading stops while more than the backlog bound is unacknowledged (the file keeps what is
/// not read yet, so a slow client loses nothing unless the file is rotated meanwhile).
/// </summary>
public sealed class LogStreamActor : RequestActor, IWithTimers
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How far back the last N lines are looked for.</summary>
    public const long MaxTailBytes = 16L * 1024 * 1024;

    private const int ReadBytes = 64 * 1024;

    private sealed record Poll : IDeadLetterSuppression
    {
        public static Poll Instance { get; } = new();
    }

    private sealed record ReadMore
    {
        public static ReadMore Instance { get; } = new();
    }

    private readonly LogsRequest _request;
    private readonly IActorRef _supervisor;
    private readonly IActorRef? _config;
    private readonly long _maxUnacked;
    private readonly LogLines _lines = new();
    private readonly List<string> _batch = [];
    private readonly byte[] _buffer = new byte[ReadBytes];
    private SafeFileHandle? _file;
    private string _path = "";
    private long _position;
    // Without follow: where the request's read ends (the length when it began).
    private long _end = long.MaxValue;
    private long _unacked;
    private bool _reading;
    private bool _grewSinceLastPoll;

    public ITimerScheduler Timers { get; set; } = null!;

    private LogStreamActor(LogsRequest request, IActorRef supervisor, IActorRef? config, long maxUnacked) : base(request.Id)
    {
        _request = request;
        _supervisor = supervisor;
        _config = config;
        _maxUnacked = maxUnacked;
    }

    public static Props Props(LogsRequest request, IActorRef supervisor, IActorRef? config, ControlLimits limits) =>
        Yoi.Actors.ActorFactory.Props(() => new LogStreamActor(request, supervisor, config, limits.MaxBacklogBytes));

    protected override void PreStart()
    {
        if (_config is null)
        {
            Answer(new ErrorReply(ControlNames.NotSupported, "this supervisor runs no managed pods (logs needs the daemon, yoi-supervisor run)"));
            return;
        }

        _config.Tell(new ManagedConfigActor.GetSpec(_request.Pod));
        Context.SetReceiveTimeout(AnswerTimeout);
    }

    protected override void PostStop()
    {
        _file?.Dispose();
        base.PostStop();
    }

    // Asking which files are the pod's.
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ManagedConfigActor.PodSpec { Spec: { } spec }:
                Context.SetReceiveTimeout(null);
                _path = _request.Stream == LogsRequest.Stderr ? spec.StderrLogPath : spec.StdoutLogPath;
                Begin();
                break;
            case ManagedConfigActor.PodSpec:
                ClassifyManagedRefusal(_supervisor, _request.Pod, null, new ErrorReply(ControlNames.UnknownPod, $"no managed pod named {_request.Pod}"));
                break;
            default:
                Otherwise(message);
                break;
        }
    }

    private void Begin()
    {
        if (!TryOpen() && !_request.Follow)
        {
            Answer(new ErrorReply(ControlNames.NoLog, $"pod {_request.Pod} has no {_request.Stream} log yet ({_path} does not exist)"));
            return;
        }

        Replied(new LogsEvent(_request.Pod, _request.Stream, _path));
        if (_file is not null)
        {
            var length = RandomAccess.GetLength(_file);
            _position = LogLines.StartOfLastLines(_file, length, _request.Lines, MaxTailBytes);
            if (!_request.Follow) _end = length;
        }

        Become(Streaming);
        if (_request.Follow)
            Timers.StartPeriodicTimer("poll", Poll.Instance, PollInterval);
        Self.Tell(ReadMore.Instance);
    }

    private bool TryOpen()
    {
        try
        {
            _file = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    private void Streaming(object message)
    {
        switch (message)
        {
            case ReadMore:
                _reading = false;
                Read();
                break;
            case Poll:
                OnPoll();
                break;
            case PodSession.Ack ack:
                _unacked -= ack.Bytes;
                if (_unacked <= _maxUnacked / 2) ScheduleRead();
                break;
            case ControlConnection.Lagged:
                Farewell(new DetachedEvent(_request.Pod, PodSession.LaggedReason, LaggedDetail));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnPoll()
    {
        if (_file is null)
        {
            if (!TryOpen()) return;
            _position = 0;
        }

        var length = RandomAccess.GetLength(_file!);
        if (length < _position)
        {
            // Truncated under us (copytruncate): what was appended since is at the start.
            _lines.Reset();
            _position = 0;
        }

        if (length > _position)
        {
            _grewSinceLastPoll = true;
            ScheduleRead();
            return;
        }

        // An unterminated last line that stayed so for a whole poll (a prompt, a line cut by a crash) is shown.
        if (!_grewSinceLastPoll && _lines.TakePartial() is { } partial)
        {
            _batch.Add(partial);
            SendBatch(partial.Length);
        }

        _grewSinceLastPoll = false;
    }

    private void ScheduleRead()
    {
        if (_reading) return;
        _reading = true;
        Self.Tell(ReadMore.Instance);
    }

    /// <summary>One chunk from the file, as lines, while the client keeps up; then again through the mailbox, so acks and
    /// polls are never starved.</summary>
    private void Read()
    {
        if (_file is null || _unacked > _maxUnacked)
            return;
        var want = (int)Math.Min(_buffer.Length, _end - _position);
        var n = want <= 0 ? 0 : RandomAccess.Read(_file, _buffer.AsSpan(0, want), _position);
        if (n == 0)
        {
            if (!_request.Follow)
            {
                if (_lines.TakePartial() is { } last) _batch.Add(last);
                SendBatch(0);
                Emit(new DetachedEvent(_request.Pod, "end", null));
                Context.Stop(Self);
            }

            return;
        }

        _position += n;
        _lines.Push(_buffer.AsSpan(0, n), _batch);
        SendBatch(n);
        ScheduleRead();
    }

    private void SendBatch(int bytes)
    {
        if (_batch.Count == 0) return;
        foreach (var line in _batch)
            Gather(new LogLineEvent(_request.Pod, _request.Stream, line));
        _batch.Clear();
        var counted = Math.Max(bytes, 1);
        _unacked += counted;
        Flush(Self, counted);
    }
}
