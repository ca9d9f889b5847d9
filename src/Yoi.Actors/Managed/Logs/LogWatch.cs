using System.Runtime.InteropServices;
using Yoi.Actors.Managed.Native;

namespace Yoi.Actors.Managed.Logs;

/// <summary>
/// One thread that tells the managed pods' owners when their log files were written, from one inotify descriptor
/// (<c>IN_MODIFY</c>) — so an idle pod costs nothing: no timer per pod, no periodic stat, nothing runs while nothing
/// is written. A registration is notified once, then not again until its owner <see cref="Rearm"/>s it (after it has
/// read or checked its files): the notifications never outrun the owner. An <em>eager</em> registration (a starting
/// pod, reading its ready line) is notified as soon as a file is written; a lazy one (rotation checks) at most once
/// per interval. When inotify is unavailable (<see cref="Available"/> false) owners poll instead.
/// Owned by the <c>ManagedPods</c> actor (disposed in its PostStop, after its children have unregistered).
/// </summary>
public sealed unsafe class LogWatch : IDisposable
{
    private sealed class Registration(long id, Action<long> onWritten, bool eager)
    {
        public long Id { get; } = id;
        public Action<long> OnWritten { get; } = onWritten;
        public bool Eager { get; set; } = eager;
        public List<int> Wds { get; } = [];
        public bool Written { get; set; }
        public bool Notified { get; set; }
        public long NextAllowedMs { get; set; }
    }

    private const int EventBufferBytes = 16 * 1024;

    private readonly object _gate = new();
    private readonly Dictionary<long, Registration> _registrations = [];
    private readonly Dictionary<int, List<long>> _byWd = [];
    private readonly long _intervalMs;
    private readonly int _inotifyFd = -1;
    private readonly int _wakeFd = -1;
    private readonly Thread? _thread;
    private long _nextId;
    private volatile bool _disposed;

    /// <param name="interval">The least time between two notifications of a lazy registration.</param>
    public LogWatch(TimeSpan interval)
    {
        _intervalMs = Math.Max(1, (long)interval.TotalMilliseconds);
        if (!OperatingSystem.IsLinux())
            return;
        _inotifyFd = ManagedNative.InotifyInit1(ManagedNative.IN_NONBLOCK | ManagedNative.IN_CLOEXEC);
        if (_inotifyFd < 0)
            return; // e.g. the user's inotify instances are used up: the owners poll
        _wakeFd = ManagedNative.EventFd(0, ManagedNative.EFD_CLOEXEC | ManagedNative.EFD_NONBLOCK);
        if (_wakeFd < 0)
        {
            ManagedNative.Close(_inotifyFd);
            _inotifyFd = -1;
            return;
        }

        _thread = new Thread(Loop) { IsBackground = true, Name = "yoi-log-watch" };
        _thread.Start();
    }

    /// <summary>False when inotify could not be had: <see cref="Register"/> then returns 0 and the caller polls.</summary>
    public bool Available => _inotifyFd >= 0;

    /// <summary>Watches <paramref name="paths"/> (which must exist) and calls <paramref name="onWritten"/> with the
    /// registration's id on the watch thread when one was written (it must only tell an actor). 0 when not watched
    /// (unavailable, or no path could be watched): then the caller polls.</summary>
    public long Register(IReadOnlyList<string> paths, bool eager, Action<long> onWritten)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Available)
            return 0;
        lock (_gate)
        {
            var registration = new Registration(_nextId + 1, onWritten, eager);
            foreach (var path in paths)
            {
                var wd = ManagedNative.InotifyAddWatch(_inotifyFd, path, ManagedNative.IN_MODIFY);
                if (wd < 0 || registration.Wds.Contains(wd))
                    continue;
                registration.Wds.Add(wd);
            }

            if (registration.Wds.Count == 0)
                return 0;
            var id = ++_nextId;
            _registrations[id] = registration;
            foreach (var wd in registration.Wds)
            {
                if (!_byWd.TryGetValue(wd, out var ids))
                    _byWd[wd] = ids = [];
                ids.Add(id);
            }

            return id;
        }
    }

    /// <summary>Eager: notified at once on a write; lazy: at most once per interval.</summary>
    public void SetEager(long id, bool eager)
    {
        lock (_gate)
        {
            if (_registrations.TryGetValue(id, out var registration))
                registration.Eager = eager;
        }
    }

    /// <summary>The owner has handled the last notification: the next write notifies again (one that came in
    /// between does, as soon as its registration allows).</summary>
    public void Rearm(long id)
    {
        bool wake;
        lock (_gate)
        {
            if (!_registrations.TryGetValue(id, out var registration))
                return;
            registration.Notified = false;
            wake = registration.Written;
        }

        if (wake)
            Wake();
    }

    public void Unregister(long id)
    {
        lock (_gate)
        {
            if (!_registrations.Remove(id, out var registration))
                return;
            foreach (var wd in registration.Wds)
            {
                if (!_byWd.TryGetValue(wd, out var ids))
                    continue;
                ids.Remove(id);
                if (ids.Count > 0)
                    continue;
                _byWd.Remove(wd);
                if (!_disposed)
                    ManagedNative.InotifyRmWatch(_inotifyFd, wd);
            }
        }
    }

    /// <summary>Registrations in the set (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _registrations.Count;
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_thread is null)
            return;
        Wake();
        _thread.Join(TimeSpan.FromSeconds(5));
        ManagedNative.Close(_wakeFd);
        ManagedNative.Close(_inotifyFd);
    }

    private void Wake()
    {
        long one = 1;
        ManagedNative.Write(_wakeFd, &one, sizeof(long));
    }

    private static long NowMs => Environment.TickCount64;

    private void Loop()
    {
        var buffer = (byte*)NativeMemory.Alloc(EventBufferBytes);
        var fds = stackalloc ManagedNative.PollFd[2];
        var due = new List<(Action<long> OnWritten, long Id)>();
        try
        {
            var timeout = -1;
            while (!_disposed)
            {
                fds[0] = new ManagedNative.PollFd { Fd = _wakeFd, Events = ManagedNative.POLLIN };
                fds[1] = new ManagedNative.PollFd { Fd = _inotifyFd, Events = ManagedNative.POLLIN };
                var ready = ManagedNative.Poll(fds, 2, timeout);
                if (_disposed)
                    break;
                if (ready < 0 && Marshal.GetLastPInvokeError() != ManagedNative.EINTR)
                {
                    Thread.Sleep(10); // never spin on a persistent error
                    continue;
                }

                if (fds[0].Revents != 0)
                {
                    long drained;
                    ManagedNative.Read(_wakeFd, &drained, sizeof(long));
                }

                lock (_gate)
                {
                    if (fds[1].Revents != 0)
                        DrainEventsLocked(buffer);
                    timeout = CollectDueLocked(due);
                }

                foreach (var (onWritten, id) in due)
                    onWritten(id);
                due.Clear();
            }
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }

    private void DrainEventsLocked(byte* buffer)
    {
        while (true)
        {
            var read = ManagedNative.Read(_inotifyFd, buffer, EventBufferBytes);
            if (read <= 0)
                return; // EAGAIN: drained
            // struct inotify_event { int wd; uint32 mask; uint32 cookie; uint32 len; char name[len]; }
            for (nint at = 0; at + 16 <= read;)
            {
                var wd = *(int*)(buffer + at);
                var mask = *(uint*)(buffer + at + 4);
                var len = *(uint*)(buffer + at + 12);
                at += 16 + (nint)len;
                if (wd == -1)
                {
                    // IN_Q_OVERFLOW: events were lost; every registration counts as written.
                    foreach (var any in _registrations.Values)
                        any.Written = true;
                    continue;
                }

                if (!_byWd.TryGetValue(wd, out var ids))
                    continue;
                foreach (var id in ids)
                {
                    if (_registrations.TryGetValue(id, out var registration))
                        registration.Written = true;
                }

                if ((mask & ManagedNative.IN_IGNORED) != 0)
                {
                    // The kernel dropped the watch (the file is gone): its owner is told once more, then polls nothing.
                    _byWd.Remove(wd);
                    foreach (var id in ids)
                        _registrations.GetValueOrDefault(id)?.Wds.Remove(wd);
                }
            }
        }
    }

    /// <summary>Moves the callbacks due now into <paramref name="due"/>; the poll timeout until the next one (-1: none).</summary>
    private int CollectDueLocked(List<(Action<long> OnWritten, long Id)> due)
    {
        var now = NowMs;
        long next = long.MaxValue;
        foreach (var registration in _registrations.Values)
        {
            if (!registration.Written || registration.Notified)
                continue;
            if (!registration.Eager && registration.NextAllowedMs > now)
            {
                next = Math.Min(next, registration.NextAllowedMs);
                continue;
            }

            registration.Written = false;
            registration.Notified = true;
            registration.NextAllowedMs = now + _intervalMs;
            due.Add((registration.OnWritten, registration.Id));
        }

        return next == long.MaxValue ? -1 : (int)Math.Clamp(next - now, 1, int.MaxValue);
    }
}
