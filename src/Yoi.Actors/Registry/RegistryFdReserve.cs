using Microsoft.Win32.SafeHandles;

namespace Yoi.Actors.Registry;

/// <summary>File descriptors held back (<c>/dev/null</c>, read-only) so that the registry can still be opened when the
/// process has none left: an open that fails with <c>EMFILE</c>/<c>ENFILE</c> is retried once with the held ones
/// released, and they are taken again right after. Owned by the <c>RegistryPoller</c>, which disposes it in its PostStop.</summary>
/// <remarks>
/// Two are held though a read opens one file at a time: between closing them and the retried open another thread of the
/// process (an accept, a probe's socket) may take the lowest free number; the second still leaves one for the registry.
/// Thread-safe: the poller's reads run off its thread, at most one at a time, and its PostStop may come during one.
/// </remarks>
public sealed class RegistryFdReserve : IDisposable
{
    public const int DefaultCount = 2;

    private readonly object _gate = new();
    private readonly List<SafeFileHandle> _held;
    private readonly int _count;
    private bool _disposed;

    public RegistryFdReserve(int count = DefaultCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _count = count;
        _held = new List<SafeFileHandle>(count);
        TopUp();
    }

    /// <summary>How many descriptors are held now (fewer than asked while the process is out of them).</summary>
    public int Held
    {
        get
        {
            lock (_gate) return _held.Count;
        }
    }

    /// <summary>Whether an errno from open(2) says the process or the system is out of descriptors.</summary>
    public static bool IsExhaustion(int errno) => errno is LibC.EMFILE or LibC.ENFILE;

    /// <summary>Runs <paramref name="open"/> (an open(2) that returns the fd or -1, and its errno) with every held
    /// descriptor released, then takes them again (what cannot be taken now is taken at the next call).</summary>
    internal (int Fd, int Errno) OpenReleased(Func<(int Fd, int Errno)> open)
    {
        lock (_gate)
        {
            if (_disposed)
                return open();
            foreach (var handle in _held)
                handle.Dispose();
            _held.Clear();
            try
            {
                return open();
            }
            finally
            {
                TopUp();
            }
        }
    }

    /// <summary>Takes again what could not be taken at the last release: called once the registry file is closed, so the
    /// descriptor it used goes back to the reserve rather than to whoever opens next.</summary>
    internal void Replenish()
    {
        lock (_gate)
        {
            if (!_disposed)
                TopUp();
        }
    }

    private void TopUp()
    {
        while (_held.Count < _count)
        {
            var fd = LibC.Open("/dev/null", LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
            if (fd < 0)
                return;
            _held.Add(new SafeFileHandle(fd, ownsHandle: true));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var handle in _held)
                handle.Dispose();
            _held.Clear();
        }
    }
}
