using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Yoi.Actors.Registry;
using Yoi.Simulation.Behaviours;

namespace Yoi.Simulation;

/// <summary>
/// One simulated pod on a real Unix domain socket. Owns its listening socket and every accepted connection;
/// all its loops are tracked tasks, and <see cref="DisposeAsync"/> cancels and awaits them, closes every socket
/// and deletes the socket file. Everything that differs between modes is its <see cref="PodBehaviour"/>'s to decide. Usable from tests and
/// from a long-running process alike.
/// </summary>
public sealed class SimulatedPod : IAsyncDisposable
{
    /// <summary>sun_path is 108 bytes including the terminating NUL.</summary>
    public const int MaxSocketPathBytes = 107;

    private const int FaultLogCapacity = 100;

    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly ConcurrentDictionary<SimConnection, byte> _connections = new();
    private readonly ConcurrentQueue<Exception> _faults = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PodBehaviour _behaviour;
    private readonly PodCounters _counters = new();
    private readonly TaskTracker _tasks;
    private readonly PodContext _context;
    private Socket? _socket;
    private Task _acceptLoop = Task.CompletedTask;
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
        _behaviour = mode.Behaviour();
        _tasks = new TaskTracker(RecordFault);
        var startedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var engine = new PodEngine(name, options, startedAtMs, _tasks, _stopping.Token, BeginShutdown);
        _context = new PodContext(name, options, _behaviour, _counters, engine, startedAtMs, _stopping.Token);
    }

    public string Name { get; }

    public string SocketPath { get; }

    public PodMode Mode { get; }

    public SimulationOptions Options { get; }

    /// <summary>The pid to register: this process, or an exited one for <see cref="PodMode.Stale"/>.</summary>
    public int Pid { get; }

    /// <summary>Where the pod unregisters itself on a <c>shutdown</c> method; null: not registered.</summary>
    public string? RegistryPath { get; }

    /// <summary>Connections accepted (including ones closed at once).</summary>
    public long Accepted => _counters.Accepted;

    /// <summary>Connections the client closed first (EOF, reset or broken pipe seen by the simulator).</summary>
    public long PeerClosed => _counters.PeerClosed;

    /// <summary>Connections currently open.</summary>
    public long Open => _counters.Open;

    /// <summary>Non-blank method lines received (in every mode, decodable or not).</summary>
    public long MethodsReceived => _counters.MethodsReceived;

    /// <summary>Event lines fully written (Flood counts every flooded line).</summary>
    public long EventsWritten => _counters.EventsWritten;

    /// <summary>Connections dropped because their outbound queue was full.</summary>
    public long SlowReaderDisconnects => _counters.SlowReaderDisconnects;

    /// <summary>The last received method lines (at most 1000), oldest first.</summary>
    public IReadOnlyList<string> ReceivedMethods => _counters.ReceivedMethods;

    /// <summary>Unexpected exceptions of background tasks (a simulator bug if not empty).</summary>
    public IReadOnlyList<Exception> Faults => [.. _faults];

    /// <summary>Completes when the pod stopped: a <c>shutdown</c> method finished, or the pod was disposed.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>
    /// Creates the socket as <paramref name="mode"/> wants it (listening, bound only, left behind, or absent) and starts accepting if it listens.
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
        await _tasks.CloseAndDrainAsync().ConfigureAwait(false);
        DeleteSocketFile();
        _stopping.Dispose();
        _stopAccepting.Dispose();
        _stopped.TrySetResult();
    }

    private void OnConnectionClosed(SimConnection connection)
    {
        _connections.TryRemove(connection, out _);
        _counters.CountClosed();
    }

    private void RecordFault(Exception e)
    {
        _faults.Enqueue(e);
        while (_faults.Count > FaultLogCapacity && _faults.TryDequeue(out _))
        {
        }
    }

    /// <summary>After a <c>shutdown</c> method: stop listening, close connections once drained, delete the socket file, unregister.</summary>
    private void BeginShutdown()
    {
        if (Interlocked.Exchange(ref _shutdownStarted, 1) == 0)
        {
            _tasks.Run(ShutdownAsync);
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
        _socket = _behaviour.Bind(SocketPath);
        if (_behaviour.Accepts)
        {
            _acceptLoop = Task.Run(AcceptLoopAsync);
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

                _counters.CountAccepted();
                if (!_behaviour.KeepsConnections)
                {
                    client.Dispose();
                    continue;
                }

                var connection = new SimConnection(_context, client, OnConnectionClosed);
                _counters.CountOpened();
                _connections[connection] = 0;
                if (!_tasks.Run(connection.RunAsync))
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
        try
        {
            _behaviour.Unbind(SocketPath);
        }
        catch (IOException e)
        {
            RecordFault(e);
        }
    }
}
