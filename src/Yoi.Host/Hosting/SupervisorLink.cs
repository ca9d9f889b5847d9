using System.Runtime.CompilerServices;
using Yoi.Host.Control;
using Yoi.Host.Control.Client;

namespace Yoi.Host.Hosting;

/// <summary>A control connection to "the supervisor": the daemon of the runtime dir when one runs, else a supervisor
/// hosted in this process for as long as the link lives.</summary>
/// <remarks>The daemon path references no Akka.NET type: reaching a daemon loads none of the actor stack.</remarks>
public sealed class SupervisorLink : IAsyncDisposable
{
    private readonly IAsyncDisposable? _inProcess;
    private readonly IDisposable? _turn;

    private SupervisorLink(ControlClient client, IAsyncDisposable? inProcess, IDisposable? turn = null)
    {
        Client = client;
        _inProcess = inProcess;
        _turn = turn;
    }

    public ControlClient Client { get; }

    /// <summary>True when a daemon answers; false when the supervisor runs in this process.</summary>
    public bool ThroughDaemon => _inProcess is null;

    /// <summary>The daemon of <paramref name="runtimeDir"/>; null when none listens.</summary>
    public static SupervisorLink? TryDaemon(string runtimeDir) =>
        ControlClient.TryConnect(ControlPaths.SocketIn(runtimeDir)) is { } client ? new SupervisorLink(client, null) : null;

    /// <summary>The daemon when one runs, else a supervisor in this process (no warm-up cycle: requests naming a pod wait
    /// for its first registry read).</summary>
    /// <param name="takeTurn">A one-shot command (<c>status</c>): its in-process supervisor waits for an
    /// <see cref="InProcessTurn"/>, so that many started at once take turns instead of all probing at once.</param>
    public static async Task<SupervisorLink> OpenAsync(SupervisorOptions options, string runtimeDir, CancellationToken ct, bool takeTurn = false) =>
        TryDaemon(runtimeDir) ?? await OpenInProcessAsync(options, runtimeDir, ct, takeTurn: takeTurn).ConfigureAwait(false);

    /// <summary>A supervisor in this process, daemon or not; <paramref name="managed"/>: the pods it starts (the demo's).</summary>
    /// <param name="takeTurn">Wait for an <see cref="InProcessTurn"/> first (see <see cref="OpenAsync"/>).</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<SupervisorLink> OpenInProcessAsync(SupervisorOptions options, string runtimeDir, CancellationToken ct,
        IReadOnlyList<Yoi.Actors.Managed.ManagedPodSpec>? managed = null, bool takeTurn = false)
    {
        var turn = takeTurn
            ? await InProcessTurn.TakeAsync(runtimeDir, Math.Max(1, Environment.ProcessorCount), InProcessTurn.MaxWait, ct).ConfigureAwait(false)
            : null;
        try
        {
            // A daemon may have started while this one waited for its turn.
            if (turn is not null && TryDaemon(runtimeDir) is { } daemon)
            {
                turn.Dispose();
                return daemon;
            }

            var supervisor = await InProcessSupervisor.StartAsync(options, runtimeDir, ct, managed).ConfigureAwait(false);
            try
            {
                return new SupervisorLink(new ControlClient(supervisor.Connect()), supervisor, turn);
            }
            catch
            {
                await supervisor.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            turn?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_inProcess is not null) await _inProcess.DisposeAsync().ConfigureAwait(false);
        // The next in line starts once this supervisor has stopped probing.
        _turn?.Dispose();
    }
}
