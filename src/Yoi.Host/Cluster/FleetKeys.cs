using Akka.DistributedData;

namespace Yoi.Host.Cluster;

/// <summary>The Distributed Data key of the cluster's fleet views: one <see cref="LWWDictionary{TKey,TValue}"/> whose keys are
/// node names and whose values are each node's view, compact JSON (the control protocol's fleet object without the
/// per-probe counters, so it changes only when a pod does).</summary>
public static class FleetKeys
{
    public static readonly LWWDictionaryKey<string, string> Views = new("yoi-fleet-views");
}
