using Yoi.Host.Output;

namespace Yoi.Host.Control.Wire;

/// <summary><c>change</c>: one fleet change. <paramref name="Kind"/> is <c>pod_appeared</c> (with
/// <paramref name="PodState"/>), <c>pod_disappeared</c>, <c>status_changed</c> (<paramref name="From"/>,
/// <paramref name="To"/>), <c>reachability_changed</c> (<paramref name="Reachable"/>, <paramref name="Outcome"/>) or
/// <c>process_state</c> of a managed pod (<paramref name="From"/>, <paramref name="To"/> as state names,
/// <paramref name="Pid"/>, <paramref name="Exit"/>, <paramref name="Reason"/>).</summary>
public sealed record ChangeEvent(
    string Kind,
    string Pod,
    PodReport? PodState = null,
    string? From = null,
    string? To = null,
    bool? Reachable = null,
    string? Outcome = null,
    int? Pid = null,
    ExitReport? Exit = null,
    string? Reason = null) : ControlEvent
{
    public override string Name => ControlNames.Change;
}
