namespace Yoi.Testing;

/// <summary>
/// Awaits a condition on the world outside the actor system (file descriptors, a simulated pod's counters, a child
/// process's output) by polling, with a generous ceiling: never a fixed sleep to pass.
/// </summary>
public static class Eventually
{
    /// <summary>Ten seconds: plenty on a busy two-core machine.</summary>
    public static readonly TimeSpan DefaultCeiling = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Reads until <paramref name="condition"/> holds for the value read, and returns that value; throws <see cref="TimeoutException"/> with the last value after <paramref name="within"/>.</summary>
    public static async Task<T> Until<T>(Func<T> read, Func<T, bool> condition, TimeSpan? within = null, string? what = null)
    {
        var ceiling = within ?? DefaultCeiling;
        var deadline = DateTime.UtcNow + ceiling;
        var value = read();
        while (!condition(value))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what ?? "condition"} did not hold within {ceiling.TotalSeconds:0.###} s; last value: {value}");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
            value = read();
        }

        return value;
    }

    /// <summary>Waits until <paramref name="condition"/> is true; throws <see cref="TimeoutException"/> after <paramref name="within"/>.</summary>
    public static Task Until(Func<bool> condition, TimeSpan? within = null, string? what = null) =>
        Until(condition, held => held, within, what);
}
