using System.Collections.Concurrent;

namespace Yoi.Simulation;

/// <summary>
/// What a <see cref="SimulatedPod"/> counts. Created by the pod and handed at construction to each part that
/// updates it (the accept loop, every connection), so no part reaches back into the pod to count.
/// </summary>
internal sealed class PodCounters
{
    private const int MethodLogCapacity = 1000;

    private readonly ConcurrentQueue<string> _methodLog = new();
    private long _accepted;
    private long _peerClosed;
    private long _open;
    private long _methods;
    private long _eventsWritten;
    private long _slowReaders;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long PeerClosed => Interlocked.Read(ref _peerClosed);

    public long Open => Interlocked.Read(ref _open);

    public long MethodsReceived => Interlocked.Read(ref _methods);

    public long EventsWritten => Interlocked.Read(ref _eventsWritten);

    public long SlowReaderDisconnects => Interlocked.Read(ref _slowReaders);

    /// <summary>The last received method lines (at most 1000), oldest first.</summary>
    public IReadOnlyList<string> ReceivedMethods => [.. _methodLog];

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    public void CountOpened() => Interlocked.Increment(ref _open);

    public void CountClosed() => Interlocked.Decrement(ref _open);

    public void CountPeerClosed() => Interlocked.Increment(ref _peerClosed);

    public void CountSlowReader() => Interlocked.Increment(ref _slowReaders);

    public void CountEventsWritten(int lines) => Interlocked.Add(ref _eventsWritten, lines);

    public void CountMethod(string line)
    {
        Interlocked.Increment(ref _methods);
        _methodLog.Enqueue(line);
        while (_methodLog.Count > MethodLogCapacity && _methodLog.TryDequeue(out _))
        {
        }
    }
}
