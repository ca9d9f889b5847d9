using Microsoft.Win32.SafeHandles;

namespace Yoi.Host.Control;

/// <summary>One file descriptor held back (<c>/dev/null</c>) for the moment the process has none left: released, it
/// lets the control socket accept one waiting client to tell it <c>busy</c> instead of leaving it hanging; then it is
/// taken again. Owned by the <see cref="ControlServer"/>, which disposes it in its PostStop.</summary>
internal sealed class FdReserve : IDisposable
{
    private SafeFileHandle? _held;

    public FdReserve() => TryTake();

    /// <summary>Runs <paramref name="useTheFd"/> with the held descriptor released, then takes one again (which may
    /// fail while the process is still out of descriptors: the next call tries again). False when none was held.</summary>
    public bool Spend(Action useTheFd)
    {
        if (_held is null && !TryTake())
            return false;
        _held!.Dispose();
        _held = null;
        try
        {
            useTheFd();
        }
        finally
        {
            TryTake();
        }

        return true;
    }

    private bool TryTake()
    {
        try
        {
            _held = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }
}
