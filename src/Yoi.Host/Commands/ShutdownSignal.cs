using System.Runtime.InteropServices;

namespace Yoi.Host.Commands;

/// <summary>SIGINT/SIGTERM (and Ctrl-C) cancel <see cref="Token"/> instead of killing the process, so a command
/// ends through its normal cleanup.</summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    public ShutdownSignal(CancellationToken outer = default)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The signal that cancelled <see cref="Token"/>, if one did.</summary>
    public PosixSignal? Received { get; private set; }

    /// <summary>Ends the wait as a signal would (e.g. the panel's <c>q</c>).</summary>
    public void Trigger()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        Received ??= context.Signal;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A signal that came as the command was ending: nothing is left to stop.
        }
    }

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _cts.Dispose();
    }
}
