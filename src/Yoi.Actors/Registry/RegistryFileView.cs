namespace Yoi.Actors.Registry;

/// <summary>What one registry file held when last read: its rows with valid names (duplicates included, in file order)
/// and the rows rejected for their names.</summary>
internal sealed record RegistryFileView(
    RegistryFlavor Flavor,
    bool Exists,
    IReadOnlyList<RegistryFileView.Row> Valid,
    IReadOnlyList<RegistryRejectedRow> Invalid)
{
    public sealed record Row(int Index, PodAllocation Allocation);

    public static RegistryFileView Missing(RegistryFlavor flavor) => new(flavor, false, [], []);

    public static RegistryFileView Of(RegistryFlavor flavor, IReadOnlyList<PodAllocation> allocations)
    {
        var valid = new List<Row>(allocations.Count);
        var invalid = new List<RegistryRejectedRow>();
        for (var i = 0; i < allocations.Count; i++)
        {
            var allocation = allocations[i];
            if (PodNames.Validate(allocation.PodName) is { } reason)
                invalid.Add(new RegistryRejectedRow(new RegistryLocation(flavor, i), PodNames.Escape(allocation.PodName), reason));
            else
                valid.Add(new Row(i, allocation));
        }
        return new RegistryFileView(flavor, true, valid, invalid);
    }
}
