namespace Yoi.Host.Tests;

/// <summary>Awaits a condition with a generous ceiling (polling, never a fixed sleep to pass).</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out after {timeout} waiting for: {what}");
            await Task.Delay(25);
        }
    }
}
