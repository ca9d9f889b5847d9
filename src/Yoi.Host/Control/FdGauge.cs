using Yoi.Actors.Diagnostics;

namespace Yoi.Host.Control;

/// <summary>The process's open descriptors, counted at most once a second: counting walks <c>/proc/self/fd</c>, whose
/// length grows with every open connection, and a fleet reply must not cost more the more clients are connected.</summary>
internal static class FdGauge
{
    private static readonly long MaxAgeTicks = TimeSpan.FromSeconds(1).Ticks;
    private static long _countedAt; // 0: never counted
    private static int _count;

    public static int Current
    {
        get
        {
            var now = Environment.TickCount64 * TimeSpan.TicksPerMillisecond;
            var countedAt = Interlocked.Read(ref _countedAt);
            if (countedAt != 0 && now - countedAt < MaxAgeTicks)
                return Volatile.Read(ref _count);
            var count = ProcessResources.OpenFileDescriptors();
            Volatile.Write(ref _count, count);
            Interlocked.Exchange(ref _countedAt, now);
            return count;
        }
    }
}
