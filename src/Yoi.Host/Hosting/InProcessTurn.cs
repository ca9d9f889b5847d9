using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Yoi.Host.Hosting;

/// <summary>
/// A turn among the one-shot in-process supervisors of one runtime directory: at most one per core probes the fleet at a
/// time, the others wait for a turn in <c>fcntl</c> open-file-description locks on bytes of
/// <c>&lt;runtime_dir&gt;/supervisor.inprocess.lock</c> (one byte per turn, released when the holder closes it or dies).
/// </summary>
/// <remarks>
/// Why: 200 <c>status</c> commands started at once without a daemon each start an actor system and probe every pod
/// with a 200 ms deadline; on a few cores none of them gets the CPU to read a reply in time, and nearly every row is
/// <c>no-status</c>. Waiting for a turn costs no CPU while waiting, and the total work is the same, so the batch ends no
/// later, while each probe runs on a machine it shares with a few others only. The wait is bounded
/// (<see cref="MaxWait"/>): past it, or where the lock file cannot be made or locked, the command goes on without a turn,
/// as before. Owned by the <see cref="SupervisorLink"/>, released after its supervisor has stopped.
/// </remarks>
public sealed partial class InProcessTurn : IDisposable
{
    public const string FileName = "supervisor.inprocess.lock";

    /// <summary>Long enough for a queue of a few hundred commands on two cores; short enough that turns held by stopped
    /// (SIGSTOP) processes cannot hold a command past its own 60 s deadline.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(40);

    private const int ORdwr = 2;
    private const int OCreat = 0x40;
    private const int OCloexec = 0x80000;
    private const int OwnerReadWrite = 0x180;
    private const int FOfdSetlk = 37;
    private const short FWrlck = 1;
    private const int EAgain = 11;
    private const int EAcces = 13;
    private const int EIntr = 4;

    private readonly SafeFileHandle? _file;

    private InProcessTurn(SafeFileHandle? file, int? slot)
    {
        _file = file;
        Slot = slot;
    }

    /// <summary>The turn held (the byte locked); null when the command goes on without one.</summary>
    public int? Slot { get; }

    /// <summary>A turn for a supervisor in this process: at once when one of <paramref name="turns"/> is free, else
    /// when one comes free (polled, 5 to 50 ms apart), at most <paramref name="maxWait"/>.</summary>
    public static async Task<InProcessTurn> TakeAsync(string runtimeDir, int turns, TimeSpan maxWait, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(turns, 1);
        var fd = Open(Path.Combine(runtimeDir, FileName), ORdwr | OCreat | OCloexec, OwnerReadWrite);
        if (fd < 0)
            return new InProcessTurn(null, null); // no runtime dir (an empty fleet), or not ours to write: no queue
        var file = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var clock = Stopwatch.StartNew();
            var first = Environment.ProcessId % turns; // spreads the first tries over the turns
            var pause = 5;
            while (true)
            {
                for (var i = 0; i < turns; i++)
                {
                    var slot = (first + i) % turns;
                    switch (TryLock(fd, slot))
                    {
                        case true:
                            return new InProcessTurn(file, slot);
                        case null:
                            file.Dispose(); // locks not supported there: no queue
                            return new InProcessTurn(null, null);
                    }
                }

                if (clock.Elapsed >= maxWait)
                {
                    file.Dispose();
                    return new InProcessTurn(null, null);
                }

                await Task.Delay(pause, ct).ConfigureAwait(false);
                pause = Math.Min(pause * 2, 50);
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>True: locked; false: held by another; null: this file cannot be locked so.</summary>
    private static bool? TryLock(int fd, int slot)
    {
        var request = new FlockRecord { Type = FWrlck, Whence = 0, Start = slot, Length = 1, Pid = 0 };
        while (true)
        {
            if (Fcntl(fd, FOfdSetlk, ref request) == 0)
                return true;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EIntr)
                continue;
            return errno is EAgain or EAcces ? false : null;
        }
    }

    public void Dispose() => _file?.Dispose();

    /// <summary>struct flock (Linux x86-64 and arm64): short, short, off_t, off_t, pid_t, padded to 32 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    private struct FlockRecord
    {
        [FieldOffset(0)] public short Type;
        [FieldOffset(2)] public short Whence;
        [FieldOffset(8)] public long Start;
        [FieldOffset(16)] public long Length;
        [FieldOffset(24)] public int Pid;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags, int mode);

    // fcntl(2) is variadic; on Linux x86-64/arm64 a pointer third argument is passed as a fixed one would be.
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, ref FlockRecord record);
}
