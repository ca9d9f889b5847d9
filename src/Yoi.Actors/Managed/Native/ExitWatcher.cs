using System.Runtime.InteropServices;

namespace Yoi.Actors.Managed.Native;

/// <summary>
/// One thread that waits, in poll(2), on the pidfds of every managed process and calls a registration's callback once
/// its process has ended (the pidfd becomes readable). The .NET runtime reaps only the children it started itself,
/// so without this a managed pod that died would stay a zombie until something looked. One thread for the whole
/// fleet: no timer per pod, nothing runs while nothing ends. An eventfd wakes the thread when the set changes.
/// Owned by the <c>ManagedPods</c> actor (disposed in its PostStop, after its children have unregistered).
/// </summary>
public sealed unsafe class ExitWatcher : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<long, (int Fd, Action OnExit)> _registrations = [];
    private readonly int _wakeFd;
    private readonly Thread _thread;
    private long _nextId;
    private volatile bool _disposed;

    public ExitWatcher()
    {
        _wakeFd = ManagedNative.EventFd(0, ManagedNative.EFD_CLOEXEC | ManagedNative.EFD_NONBLOCK);
        if (_wakeFd < 0)
            throw new IOException($"eventfd: {ManagedNative.Describe(Marshal.GetLastPInvokeError())}");
        _thread = new Thread(Loop) { IsBackground = true, Name = "yoi-exit-watcher" };
        _thread.Start();
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

    /// <summary>Calls <paramref name="onExit"/> once, on the watcher's thread, when <paramref name="pidfd"/> becomes
    /// readable. The callback must only tell an actor. Returns the registration to <see cref="Unregister"/>.</summary>
    public long Register(int pidfd, Action onExit)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long id;
        lock (_gate)
        {
            id = ++_nextId;
            _registrations[id] = (pidfd, onExit);
        }

        Wake();
        return id;
    }

    /// <summary>Before the pidfd is closed: its callback will not be called any more.</summary>
    public void Unregister(long id)
    {
        bool removed;
        lock (_gate)
            removed = _registrations.Remove(id);
        if (removed && !_disposed)
            Wake();
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Wake();
        _thread.Join(TimeSpan.FromSeconds(5));
        ManagedNative.Close(_wakeFd);
    }

    private void Wake()
    {
        long one = 1;
        ManagedNative.Write(_wakeFd, &one, sizeof(long));
    }

    private void Loop()
    {
        var ids = new List<long>();
        var fds = new List<ManagedNative.PollFd>();
        while (!_disposed)
        {
            ids.Clear();
            fds.Clear();
            fds.Add(new ManagedNative.PollFd { Fd = _wakeFd, Events = ManagedNative.POLLIN });
            lock (_gate)
            {
                foreach (var (id, registration) in _registrations)
                {
                    ids.Add(id);
                    fds.Add(new ManagedNative.PollFd { Fd = registration.Fd, Events = ManagedNative.POLLIN });
                }
            }

            var array = fds.ToArray();
            int ready;
            fixed (ManagedNative.PollFd* p = array)
                ready = ManagedNative.Poll(p, (nuint)array.Length, -1);
            if (ready < 0)
                continue; // EINTR; anything else would repeat, and the set is rebuilt each turn anyway
            if (array[0].Revents != 0)
            {
                long drained;
                ManagedNative.Read(_wakeFd, &drained, sizeof(long));
            }

            List<Action>? due = null;
            lock (_gate)
            {
                for (var i = 1; i < array.Length; i++)
                {
                    // Readable (the process ended), or an fd that is no longer valid: either way, report once.
                    if (array[i].Revents == 0 || !_registrations.Remove(ids[i - 1], out var registration))
                        continue;
                    (due ??= []).Add(registration.OnExit);
                }
            }

            if (due is null)
                continue;
            foreach (var onExit in due)
                onExit();
        }
    }
}
