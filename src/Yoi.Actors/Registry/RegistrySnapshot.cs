namespace Yoi.Actors.Registry;

/// <summary>The fleet as both registry files describe it (see <see cref="FleetRegistry.Read"/>).</summary>
public sealed class RegistrySnapshot
{
    private readonly IReadOnlyList<RegistryFileView> _files;
    private readonly HashSet<string> _duplicateNames;

    private RegistrySnapshot(IReadOnlyList<RegistryFileView> files, IReadOnlyList<RegistryFileError> errors)
    {
        _files = files;
        Errors = errors;

        var allocations = new List<PodAllocation>();
        var rejected = new List<RegistryRejectedRow>();
        var byName = new Dictionary<string, List<RegistryLocation>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var firstInFile = new Dictionary<string, int>(StringComparer.Ordinal);
            var fileRejected = new List<RegistryRejectedRow>(file.Invalid);
            foreach (var (index, allocation) in file.Valid)
            {
                var location = new RegistryLocation(file.Flavor, index);
                if (!byName.TryGetValue(allocation.PodName, out var locations))
                    byName.Add(allocation.PodName, locations = []);
                locations.Add(location);

                if (firstInFile.TryAdd(allocation.PodName, index))
                    allocations.Add(allocation);
                else
                    fileRejected.Add(new RegistryRejectedRow(location, PodNames.Escape(allocation.PodName),
                        $"duplicate name: {new RegistryLocation(file.Flavor, firstInFile[allocation.PodName])} has it already (the runtime uses the first)"));
            }
            rejected.AddRange(fileRejected.OrderBy(r => r.Location.Index));
        }

        Allocations = allocations;
        Rejected = rejected;
        Duplicates = [.. byName.Where(p => p.Value.Count > 1).Select(p => new RegistryDuplicate(p.Key, p.Value))
            .OrderBy(d => d.Locations[0].Flavor).ThenBy(d => d.Locations[0].Index)];
        _duplicateNames = new HashSet<string>(Duplicates.Select(d => d.Name), StringComparer.Ordinal);
        Present = [.. files.Where(f => f.Exists).Select(f => f.Flavor).Union(errors.Select(e => e.Flavor)).Order()];
    }

    /// <summary>No files read yet: an empty fleet.</summary>
    public static RegistrySnapshot Empty { get; } =
        new([.. RegistryFlavors.All.Select(RegistryFileView.Missing)], []);

    /// <summary>The fleet: rows with valid names, <c>pods.json</c>'s first, each file's in file order, each with its
    /// <see cref="PodAllocation.Flavor"/>. One row per (flavor, name); a name may be here twice, once per flavor
    /// (see <see cref="IsDuplicate"/>).</summary>
    public IReadOnlyList<PodAllocation> Allocations { get; }

    /// <summary>Rows left out, with why (invalid name, or a later duplicate within its file).</summary>
    public IReadOnlyList<RegistryRejectedRow> Rejected { get; }

    /// <summary>Valid names on more than one row, within a file or across the two.</summary>
    public IReadOnlyList<RegistryDuplicate> Duplicates { get; }

    /// <summary>One per file that could not be read; the other file's rows are still here.</summary>
    public IReadOnlyList<RegistryFileError> Errors { get; }

    /// <summary>The files that exist (read or not), in <see cref="RegistryFlavor"/> order.</summary>
    public IReadOnlyList<RegistryFlavor> Present { get; }

    /// <summary>Whether <paramref name="name"/> is on more than one row (see <see cref="Duplicates"/>).</summary>
    public bool IsDuplicate(string name) => _duplicateNames.Contains(name);

    public RegistryFileError? ErrorOf(RegistryFlavor flavor) => Errors.FirstOrDefault(e => e.Flavor == flavor);

    internal RegistryFileView? ViewOf(RegistryFlavor flavor) => _files.FirstOrDefault(f => f.Flavor == flavor);

    internal static RegistrySnapshot Of(IReadOnlyList<RegistryFileView> files, IReadOnlyList<RegistryFileError> errors) =>
        new(files, errors);
}
