namespace Yoi.Actors.Tests.Support;

/// <summary>Awaits a condition on the world outside the actor system (file descriptors, a simulated pod's counters).</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<T> read, Func<T, bool> condition, TimeSpan? within = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        var value = read();
        while (!condition(value))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what ?? "condition"} did not hold in time; last value: {value}");
            await Task.Delay(10);
            value = read();
        }

        return value;
    }
}
