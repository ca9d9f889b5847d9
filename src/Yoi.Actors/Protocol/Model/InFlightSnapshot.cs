namespace Yoi.Actors.Protocol;

/// <summary>Streamed but uncommitted output (worker dialect); empty lists are omitted on the wire, and an empty snapshot
/// is omitted altogether (decoded as null).</summary>
public sealed record InFlightSnapshot(IReadOnlyList<InFlightBlock> Blocks, IReadOnlyList<CommandSnapshot> Commands)
{
    public bool IsEmpty => Blocks.Count == 0 && Commands.Count == 0;
}
