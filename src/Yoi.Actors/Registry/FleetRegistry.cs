namespace Yoi.Actors.Registry;

/// <summary>Reads the fleet from both registry files of a runtime directory: <c>pods.json</c> (June runtime) and
/// <c>workers.json</c> (August runtime), either, both or neither.</summary>
/// <remarks>Each file is read as <see cref="PodRegistry.Read(string, RegistryOptions)"/> reads it (shared flock, regular
/// files only, bounded in size and time), one after the other: a call blocks up to twice the lock and read bounds.</remarks>
public static class FleetRegistry
{
    /// <summary>Never throws for a file's content or type: each file that cannot be read is an entry of
    /// <see cref="RegistrySnapshot.Errors"/>, and when <paramref name="previous"/> is given that file's rows are taken from it
    /// (its last good view), so one bad file neither hides the other nor empties its own part of the fleet.</summary>
    /// <param name="reserve">Descriptors held back for this read: when the process has none left, each file's open is
    /// retried with them released (the daemon's poller holds one, so it keeps reading the registry under fd exhaustion).</param>
    /// <exception cref="ArgumentException">Bad <paramref name="options"/>.</exception>
    public static RegistrySnapshot Read(string runtimeDir, RegistryOptions? options = null, RegistrySnapshot? previous = null,
        RegistryFdReserve? reserve = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(runtimeDir);
        options ??= RegistryOptions.Default;
        options.Validate();

        var views = new List<RegistryFileView>(RegistryFlavors.All.Count);
        var errors = new List<RegistryFileError>();
        foreach (var flavor in RegistryFlavors.All)
        {
            var path = PodRegistry.PathIn(runtimeDir, flavor);
            try
            {
                var allocations = PodRegistry.ReadFile(path, options, reserve);
                views.Add(allocations is null ? RegistryFileView.Missing(flavor) : RegistryFileView.Of(flavor, allocations));
            }
            catch (RegistryException e)
            {
                var lastGood = previous?.ViewOf(flavor);
                errors.Add(new RegistryFileError(flavor, path, e.Message, ShowingLastGood: lastGood is { Exists: true }));
                views.Add(lastGood ?? RegistryFileView.Missing(flavor));
            }
        }
        return RegistrySnapshot.Of(views, errors);
    }
}
