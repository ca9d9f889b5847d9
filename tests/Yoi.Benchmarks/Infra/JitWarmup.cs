using System.Diagnostics;
using System.Runtime;

namespace Yoi.Benchmarks.Infra;

/// <summary>What a warm-up did: how long, how many steps, and whether the JIT had settled when it ended.</summary>
public readonly record struct WarmupReport(TimeSpan Elapsed, int Steps, long MethodsCompiled, bool Settled)
{
    public override string ToString() =>
        $"{Elapsed.TotalSeconds:0.0} s, {Steps} steps, {MethodsCompiled} methods compiled, {(Settled ? "JIT settled" : "JIT still compiling at the cap")}";
}

/// <summary>
/// Warm-up that lasts until the JIT has finished tiering the code under test. The supervisor runs for hours, so the
/// steady state — tier-1 code — is what is measured. A fixed handful of warm-up cycles is not enough: tier-0 code is
/// promoted only after a quiet spell with no new tier-0 compiles, and an actor system touches far more methods than a
/// plain loop, so a short warm-up measured the product on unoptimised code and the baseline on optimised code.
/// </summary>
public static class JitWarmup
{
    /// <summary>Runs <paramref name="step"/> at least <paramref name="minSteps"/> times, then until no method has been
    /// compiled for <paramref name="quiet"/> (checked between steps), or until <paramref name="cap"/>.</summary>
    public static async Task<WarmupReport> RunAsync(Func<Task> step, int minSteps = 5, TimeSpan? quiet = null, TimeSpan? cap = null)
    {
        var quietFor = quiet ?? TimeSpan.FromMilliseconds(750);
        var limit = cap ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        var compiledAtStart = JitInfo.GetCompiledMethodCount();
        var lastCount = compiledAtStart;
        var lastChange = clock.Elapsed;
        var steps = 0;
        while (true)
        {
            await step().ConfigureAwait(false);
            steps++;
            var count = JitInfo.GetCompiledMethodCount();
            if (count != lastCount)
            {
                lastCount = count;
                lastChange = clock.Elapsed;
            }

            var settled = clock.Elapsed - lastChange >= quietFor;
            if (steps >= minSteps && (settled || clock.Elapsed >= limit))
                return new WarmupReport(clock.Elapsed, steps, lastCount - compiledAtStart, settled);
        }
    }
}
