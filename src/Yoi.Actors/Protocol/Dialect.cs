namespace Yoi.Actors.Protocol;

/// <summary>
/// Which spelling of the runtime's protocol a pod speaks: the June <c>pod</c> dialect or the August 2026 <c>worker</c>
/// dialect (Pod renamed to Worker). Wire names (registry rows, JSON output): <c>pod</c> and <c>worker</c>
/// (<see cref="DialectNames"/>).
/// </summary>
public enum Dialect
{
    /// <summary><c>pod</c>: runtime <c>b0f37b52</c> and earlier.</summary>
    Pod,

    /// <summary><c>worker</c>: runtime <c>b12e0785</c> and later.</summary>
    Worker,
}
