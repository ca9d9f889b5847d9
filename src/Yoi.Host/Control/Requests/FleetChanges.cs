using Yoi.Actors.Probing;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Control.Requests;

/// <summary>The wire form of the supervisor's fleet changes.</summary>
public static class FleetChanges
{
    public static ChangeEvent ToEvent(Fleet.Change change) => change switch
    {
        Fleet.PodAppeared a => new ChangeEvent(ChangeKinds.PodAppeared, a.PodName, PodState: FleetReports.FromState(a.State)),
        Fleet.PodDisappeared d => new ChangeEvent(ChangeKinds.PodDisappeared, d.PodName),
        Fleet.StatusChanged s => new ChangeEvent(ChangeKinds.StatusChanged, s.PodName,
            From: FleetReports.StatusWireName(s.From), To: FleetReports.StatusWireName(s.To)),
        Fleet.ReachabilityChanged r => new ChangeEvent(ChangeKinds.ReachabilityChanged, r.PodName,
            Reachable: r.Reachable, Outcome: r.Outcome.ToWireName()),
        Fleet.ProcessStateChanged p => new ChangeEvent(ChangeKinds.ProcessState, p.PodName,
            From: p.Transition.From is { } from ? ManagedReports.StateWireName(from) : null,
            To: ManagedReports.StateWireName(p.Transition.To),
            Pid: p.Transition.Pid,
            Exit: ManagedReports.From(p.Transition.Exit),
            Reason: p.Transition.Reason),
        _ => new ChangeEvent(change.GetType().Name, change.PodName),
    };
}
