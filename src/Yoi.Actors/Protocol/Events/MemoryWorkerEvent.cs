namespace Yoi.Actors.Protocol;

/// <summary><c>memory_worker</c>: A memory worker lifecycle update (newtype variant: Rust's <c>MemoryWorkerEvent</c> struct, named <see cref="MemoryWorkerUpdate"/> here, is <c>data</c>).</summary>
public sealed record MemoryWorkerEvent(MemoryWorkerUpdate Update) : Event
{
    public const string WireName = "memory_worker";

    public override string Name => WireName;
}
