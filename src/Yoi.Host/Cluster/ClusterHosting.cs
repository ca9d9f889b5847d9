using Akka.Actor;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Yoi.Actors.Supervision;
using Yoi.Host.Control;

namespace Yoi.Host.Cluster;

/// <summary>Makes the supervisor's actor system a cluster node: remoting over TLS with mutual authentication
/// (Akka.Remote.Hosting), the cluster and its split-brain resolver (<see cref="ClusterHocon"/>), and the node's actors —
/// <see cref="FleetPublisher"/>, <see cref="ClusterView"/>, <see cref="Gateway"/>. Only <c>run --cluster</c> calls it:
/// no other command loads Akka.Remote or listens on the network.</summary>
public static class ClusterHosting
{
    public static void Configure(AkkaConfigurationBuilder akka, ClusterNodeSettings cluster, ControlLimits limits)
    {
        var options = cluster.Options;
        akka.AddHocon(ClusterHocon.Build(options), HoconAddMode.Prepend);
        // What Akka.Cluster.Hosting would add: the cluster provider (WithRemoting alone selects `remote`) and the
        // reference settings of Distributed Data (the cluster provider adds the cluster's own).
        akka.AddHocon(Akka.DistributedData.DistributedData.DefaultConfig(), HoconAddMode.Append);
        akka.WithRemoting(new RemoteOptions
        {
            HostName = options.Hostname,
            Port = options.Port,
            EnableSsl = true,
            Ssl = new SslOptions
            {
                X509Certificate = cluster.Certificate,
                SuppressValidation = false,
                RequireMutualAuthentication = true,
                // Identity is the CA's signature on the peer's certificate, checked on both ends of every connection;
                // host names are not (nodes are addressed by IP as often as by name).
                ValidateCertificateHostname = false,
                CustomValidator = ClusterCertificates.Validator(cluster.Ca),
            },
        });
        akka.WithActorRefProvider(ProviderSelection.Cluster.Instance);
        akka.WithActors((system, registry) =>
        {
            var supervisor = registry.Get<PodSupervisor>();
            system.ActorOf(SelfMembershipWatch.Props(), SelfMembershipWatch.DefaultName);
            var view = system.ActorOf(ClusterView.Props(), ClusterView.DefaultName);
            var publisher = system.ActorOf(FleetPublisher.Props(supervisor, options.EffectiveNodeName), FleetPublisher.DefaultName);
            var managedConfig = registry.TryGet<Configuration.ManagedConfigActor>(out var config) ? config : null;
            system.ActorOf(Gateway.Props(supervisor, limits, managedConfig), Gateway.DefaultName);
            var access = ClusterAccess.For(system);
            access.View = view;
            access.NodeName = options.EffectiveNodeName;

            // A graceful leave takes this node's view out of the cluster before the node leaves.
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "yoi-remove-fleet-view", async () =>
            {
                try
                {
                    await publisher.Ask<FleetPublisher.Left>(FleetPublisher.Leave.Instance, TimeSpan.FromSeconds(4)).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
                {
                    // The others drop it when this node's removal reaches them.
                }

                return Akka.Done.Instance;
            });
        });
    }
}
