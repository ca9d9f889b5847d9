using Yoi.Simulation;

namespace Yoi.Testing;

/// <summary>
/// A <see cref="SimulatedFleet"/> in its own <see cref="TempRuntimeDir"/>: what every fleet test sets up. Disposal stops
/// the fleet (unregistering its pods), then deletes the directory.
/// </summary>
public sealed class SimulatedFleetFixture : IAsyncDisposable
{
    private readonly TempRuntimeDir _dir;

    private SimulatedFleetFixture(TempRuntimeDir dir, SimulatedFleet fleet)
    {
        _dir = dir;
        Fleet = fleet;
    }

    public SimulatedFleet Fleet { get; }

    public string RuntimeDir => _dir.Path;

    public string RegistryPath => Fleet.RegistryPath;

    /// <summary>Where a supervisor started on <see cref="RuntimeDir"/> listens for control clients.</summary>
    public string ControlSocket => _dir.ControlSocket;

    public IReadOnlyList<SimulatedPod> Pods => Fleet.Pods;

    public SimulatedPod this[string name] => Fleet[name];

    public static async Task<SimulatedFleetFixture> StartAsync(IEnumerable<PodSpec> pods, SimulationOptions? options = null)
    {
        var dir = new TempRuntimeDir();
        try
        {
            return new SimulatedFleetFixture(dir, await SimulatedFleet.StartAsync(dir.Path, pods, options).ConfigureAwait(false));
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Fleet.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _dir.Dispose();
        }
    }
}
