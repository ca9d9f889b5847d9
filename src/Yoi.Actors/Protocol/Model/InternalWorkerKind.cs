namespace Yoi.Actors.Protocol;

/// <summary>What an internal worker is (worker dialect): only <c>sub_worker</c> so far.</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum InternalWorkerKind
{
    /// <summary><c>sub_worker</c></summary>
    SubWorker,
}
