namespace Yoi.Actors.Managed;

/// <summary>The delay before each restart: <c>initial</c>, doubling up to <c>max</c>, each with ±<see cref="Jitter"/>
/// (so a fleet that crashed together does not restart in lockstep); <see cref="Reset"/> after a long enough run.</summary>
public sealed class Backoff
{
    public const double Jitter = 0.10;

    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Func<double> _random;
    private TimeSpan _current;

    /// <param name="random">A uniform value in [0, 1) (tests pass fixed ones).</param>
    public Backoff(TimeSpan initial, TimeSpan max, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, TimeSpan.Zero);
        _initial = initial;
        _max = max < initial ? initial : max;
        _random = random ?? Random.Shared.NextDouble;
        _current = initial;
    }

    /// <summary>The undelayed next base delay (without jitter).</summary>
    public TimeSpan Current => _current;

    /// <summary>The delay for this restart; the next one is twice as long (at most the maximum).</summary>
    public TimeSpan Next()
    {
        var factor = 1 + Jitter * (2 * _random() - 1);
        var delay = TimeSpan.FromTicks((long)(_current.Ticks * factor));
        var doubled = _current.Ticks > _max.Ticks / 2 ? _max : _current * 2;
        _current = doubled > _max ? _max : doubled;
        return delay;
    }

    public void Reset() => _current = _initial;
}
