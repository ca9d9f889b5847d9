using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Yoi.Actors.Registry;

namespace Yoi.Simulation;

/// <summary>
/// One simulated pod on a real Unix domain socket. Owns its listening socket and every accepted connection;
/// all its loops are tracked tasks, and <see cref="DisposeAsync"/> cancels and awaits them, closes every socket
/// and deletes the socket file. Usable from tests and from a long-running process alike.
/// </summary>
public sealed class SimulatedPod : IAsyncDisposable
{
    /// <summary>sun_path is 108 bytes including the terminating NUL.</summary>
    public const int MaxSocketPathBytes = 107;

    private const int MethodLogCapacity = 1000;
    private const int FaultLogCapacity = 100;

    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly ConcurrentDictionary<SimConnection, byte> _connections = new();
    private readonly ConcurrentQueue<string> _methodLog = new();
    private readonly ConcurrentQueue<Exception> _faults = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lazy<IReadOnlyList<byte[]>> _prelude;
    private Socket? _socket;
    private Task _acceptLoop = Task.CompletedTask;
    private long _accepted;
    private long _peerClosed;
    private long _open;
    private long _methods;
    private long _eventsWritten;
    private long _slowReaders;
    private int _shutdownStarted;
    private int _disposed;

    private SimulatedPod(string name, string socketPath, PodMode mode, SimulationOptions options, int pid, string? registryPath)
    {
        Name = name;
        SocketPath = socketPath;
        Mode = mode;
        Options = options;
        Pid = pid;
        RegistryPath = registryPath;
        StartedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Tasks = new TaskTracker(RecordFault);
        Engine = mode is PodMode.Normal or PodMode.Slow or PodMode.UnknownVariants or PodMode.HugeLine ? new PodEngine(this) : null;
        // Lazy: a huge line is 17 MiB by default, worth building only once a client connects.
        _prelude = new Lazy<IReadOnlyList<byte[]>>(() => mode switch
        {
            PodMode.UnknownVariants => [SimWire.Line(SimWire.FutureEvent), SimWire.Line(SimWire.UnknownSegmentMessage)],
            PodMode.HugeLine => [HugeLine(options.HugeLineBytes)],
            _ => [],
        });
    }

    public string Name { get; }

    public string SocketPath { get; }

    public PodMode Mode { get; }

    public SimulationOptions Options { get; }

    /// <summary>The pid to register: this process, or a dead one for <see cref="PodMode.Stale"/>.</summary>
    public int Pid { get; }

    /// <summary>Where the pod unregisters itself on a <c>shutdown</c> method; null: not registered.</summary>
    public string? RegistryPath { get; }

    /// <summary>Connections accepted (including ones closed at once).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections the client closed first (EOF, reset or broken pipe seen by the simulator).</summary>
    public long PeerClosed => Interlocked.Read(ref _peerClosed);

    /// <summary>Connections currently open.</summary>
    public long Open => Interlocked.Read(ref _open);

    /// <summary>Non-blank method lines received (in every mode, decodable or not).</summary>
    public long MethodsReceived => Interlocked.Read(ref _methods);

    /// <summary>Event lines fully written (Flood counts every flooded line).</summary>
    public long EventsWritten => Interlocked.Read(ref _eventsWritten);

    /// <summary>Connections dropped because their outbound queue was full.</summary>
    public long SlowReaderDisconnects => Interlocked.Read(ref _slowReaders);

    /// <summary>The last received method lines (at most 1000), oldest first.</summary>
    public IReadOnlyList<string> ReceivedMethods => [.. _methodLog];

    /// <summary>Unexpected exceptions of background tasks (a simulator bug if not empty).</summary>
    public IReadOnlyList<Exception> Faults => [.. _faults];

    /// <summary>Completes when the pod stopped: a <c>shutdown</c> method finished, or the pod was disposed.</summary>
    public Task Stopped => _stopped.Task;

    internal CancellationToken Stopping => _stopping.Token;

    internal TaskTracker Tasks { get; }

    internal PodEngine? Engine { get; }

    /// <summary>Lines written before the alerts (UnknownVariants, HugeLine).</summary>
    internal IReadOnlyList<byte[]> Prelude => _prelude.Value;

    internal long StartedAtMs { get; }

    /// <summary>
    /// Creates the socket as <paramref name="mode"/> wants it (listening, bound only, left behind, or absent) and starts accepting.
    /// A leftover socket file nobody listens on is replaced; a live one is an error.
    /// </summary>
    public static SimulatedPod Start(string name, string socketPath, PodMode mode, SimulationOptions? options = null, int? pid = null, string? registryPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        options ??= SimulationOptions.Default;
        options.Validate();
        if (Encoding.UTF8.GetByteCount(socketPath) > MaxSocketPathBytes)
        {
            throw new ArgumentException($"socket path is longer than {MaxSocketPathBytes} bytes: {socketPath}", nameof(socketPath));
        }

        var pod = new SimulatedPod(name, socketPath, mode, options, pid ?? Environment.ProcessId, registryPath);
        try
        {
            pod.Bind();
        }
        catch
        {
            pod._socket?.Dispose();
            throw;
        }

        return pod;
    }

    /// <summary>Polls <paramref name="condition"/> every 10 ms; throws <see cref="TimeoutException"/> (with the counters) after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<SimulatedPod, bool> condition, TimeSpan timeout, [CallerArgumentExpression(nameof(condition))] string? what = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition(this))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"pod {Name}: '{what}' still false after {timeout.TotalSeconds:0.###} s ({this})");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    public override string ToString() =>
        $"{Name} [{Mode.WireName()}] accepted={Accepted} open={Open} peerClosed={PeerClosed} methods={MethodsReceived} events={EventsWritten} slowReaders={SlowReaderDisconnects} faults={_faults.Count}";

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await Stopped.ConfigureAwait(false);
            return;
        }

        // Cancel first: unblocks accept, every receive/send/delay and every run.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _stopAccepting.CancelAsync().ConfigureAwait(false);
        await _acceptLoop.ConfigureAwait(false);
        _socket?.Dispose();
        await Tasks.CloseAndDrainAsync().ConfigureAwait(false);
        DeleteSocketFile();
        _stopping.Dispose();
        _stopAccepting.Dispose();
        _stopped.TrySetResult();
    }

    internal void CountPeerClosed() => Interlocked.Increment(ref _peerClosed);

    internal void CountSlowReader() => Interlocked.Increment(ref _slowReaders);

    internal void CountEventsWritten(int lines) => Interlocked.Add(ref _eventsWritten, lines);

    internal void CountMethod(string line)
    {
        Interlocked.Increment(ref _methods);
        _methodLog.Enqueue(line);
        while (_methodLog.Count > MethodLogCapacity && _methodLog.TryDequeue(out _))
        {
        }
    }

    internal void OnConnectionClosed(SimConnection connection)
    {
        _connections.TryRemove(connection, out _);
        Interlocked.Decrement(ref _open);
    }

    internal void RecordFault(Exception e)
    {
        _faults.Enqueue(e);
        while (_faults.Count > FaultLogCapacity && _faults.TryDequeue(out _))
        {
        }
    }

    /// <summary>After a <c>shutdown</c> method: stop listening, close connections once drained, delete the socket file, unregister.</summary>
    internal void BeginShutdown()
    {
        if (Interlocked.Exchange(ref _shutdownStarted, 1) == 0)
        {
            Tasks.Run(ShutdownAsync);
        }
    }

    private async Task ShutdownAsync()
    {
        await _stopAccepting.CancelAsync().ConfigureAwait(false);
        await _acceptLoop.ConfigureAwait(false);

        // Includes connections accepted while the shutdown event was being broadcast.
        foreach (var connection in _connections.Keys)
        {
            connection.CloseAfterDrain();
        }

        DeleteSocketFile();
        if (RegistryPath is not null)
        {
            try
            {
                PodRegistry.Unregister(RegistryPath, Name);
            }
            catch (Exception e) when (e is RegistryException or IOException)
            {
                RecordFault(e);
            }
        }

        _stopped.TrySetResult();
    }

    private void Bind()
    {
        RemoveLeftoverSocket();
        if (Mode == PodMode.Missing)
        {
            return;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket = socket;
        socket.Bind(new UnixDomainSocketEndPoint(SocketPath));
        switch (Mode)
        {
            case PodMode.Refused:
                // Bound, never listening: connect() gets ECONNREFUSED.
                break;
            case PodMode.Stale:
                // What a crashed pod leaves: the file, with no socket behind it (also ECONNREFUSED), and no fd held here.
                // .NET unlinks the path a socket was bound to when disposing it: move the file away meanwhile.
                var aside = SocketPath + ".stale-" + Environment.ProcessId;
                File.Move(SocketPath, aside);
                socket.Dispose();
                _socket = null;
                File.Move(aside, SocketPath);
                break;
            default:
                socket.Listen(128);
                _acceptLoop = Task.Run(AcceptLoopAsync);
                break;
        }
    }

    private async Task AcceptLoopAsync()
    {
        var listener = _socket!;
        var token = _stopAccepting.Token;
        try
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                Interlocked.Increment(ref _accepted);
                if (Mode == PodMode.CloseAtOnce)
                {
                    client.Dispose();
                    continue;
                }

                var connection = new SimConnection(this, client);
                Interlocked.Increment(ref _open);
                _connections[connection] = 0;
                if (!Tasks.Run(connection.RunAsync))
                {
                    client.Dispose();
                    OnConnectionClosed(connection);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (!token.IsCancellationRequested)
            {
                RecordFault(e);
            }
        }
        finally
        {
            // Stop listening right away (a shutdown must refuse new clients even before disposal).
            listener.Dispose();
        }
    }

    private void RemoveLeftoverSocket()
    {
        if (!File.Exists(SocketPath))
        {
            return;
        }

        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(SocketPath));
                throw new InvalidOperationException($"socket {SocketPath} is in use by a live process; refusing to replace it");
            }
            catch (SocketException)
            {
                // Nobody listens: a leftover.
            }
        }

        File.Delete(SocketPath);
    }

    private void DeleteSocketFile()
    {
        if (Mode == PodMode.Missing)
        {
            return;
        }

        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException e)
        {
            RecordFault(e);
        }
    }

    /// <summary>A syntactically valid text_delta padded to exactly <paramref name="bytes"/> bytes before its <c>\n</c>.</summary>
    private static byte[] HugeLine(int bytes)
    {
        var head = "{\"event\":\"text_delta\",\"data\":{\"text\":\""u8;
        var tail = "\"}}"u8;
        var line = new byte[bytes + 1];
        line.AsSpan().Fill((byte)'x');
        if (bytes >= head.Length + tail.Length)
        {
            head.CopyTo(line);
            tail.CopyTo(line.AsSpan(bytes - tail.Length));
        }

        line[bytes] = (byte)'\n';
        return line;
    }
}
