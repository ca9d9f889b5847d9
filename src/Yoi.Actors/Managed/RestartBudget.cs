namespace Yoi.Actors.Managed;

/// <summary>OTP's intensity/period: at most <c>max</c> restarts within any <c>window</c>; one more is refused (the pod
/// becomes fatal). Holds at most <c>max</c> timestamps.</summary>
public sealed class RestartBudget
{
    private readonly int _max;
    private readonly TimeSpan _window;
    private readonly Queue<DateTimeOffset> _restarts = new();

    public RestartBudget(int max, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        _max = max;
        _window = window;
    }

    /// <summary>Restarts counted in the window ending at the last charge.</summary>
    public int Used => _restarts.Count;

    /// <summary>Charges one restart at <paramref name="now"/>; false (and nothing charged) when that would be more
    /// than the maximum within the window.</summary>
    public bool TryCharge(DateTimeOffset now)
    {
        while (_restarts.Count > 0 && now - _restarts.Peek() >= _window)
            _restarts.Dequeue();
        if (_restarts.Count >= _max)
            return false;
        _restarts.Enqueue(now);
        return true;
    }

    public void Reset() => _restarts.Clear();

    /// <summary>"more than 5 restarts within 60 s".</summary>
    public string Describe() => $"more than {_max} restarts within {_window.TotalSeconds:0.###} s";
}
