using Microsoft.Extensions.Configuration;

namespace Yoi.Host.Cluster;

/// <summary>The <c>cluster</c> section of the configuration, read by <c>run --cluster</c> only (README, "Many machines").</summary>
public sealed class ClusterOptions
{
    public const string Section = "cluster";

    /// <summary>The address this node binds and is reached at (also its TLS identity's host).</summary>
    [ConfigurationKeyName("hostname")]
    public string Hostname { get; set; } = "127.0.0.1";

    [ConfigurationKeyName("port")]
    public int Port { get; set; } = 4053;

    /// <summary>Other nodes (or this one) to join through: <c>host:port</c> or a full <c>akka.ssl.tcp://yoi@host:port</c>.
    /// Empty: this node is the first seed and joins itself.</summary>
    [ConfigurationKeyName("seed_nodes")]
    public List<string> SeedNodes { get; set; } = [];

    /// <summary>How requests name this node (<c>send NODE/POD</c>) and rows carry it; unique in the cluster.</summary>
    [ConfigurationKeyName("node_name")]
    public string? NodeName { get; set; }

    [ConfigurationKeyName("roles")]
    public List<string> Roles { get; set; } = [];

    /// <summary>This node's certificate and private key (PKCS#12), presented to every peer.</summary>
    [ConfigurationKeyName("certificate_path")]
    public string? CertificatePath { get; set; }

    [ConfigurationKeyName("certificate_password")]
    public string? CertificatePassword { get; set; }

    /// <summary>The cluster's CA certificate (PEM or DER, public part only): a peer is accepted only when its certificate
    /// is issued by it.</summary>
    [ConfigurationKeyName("ca_certificate_path")]
    public string? CaCertificatePath { get; set; }

    /// <summary>The split-brain resolver's <c>stable-after</c>: how long membership must be stable before an
    /// unreachable node is downed (keep-majority).</summary>
    [ConfigurationKeyName("stable_after_ms")]
    public int StableAfterMs { get; set; } = 20_000;

    /// <summary>How long heartbeats may be missing before a node is marked unreachable (the failure detector's
    /// acceptable heartbeat pause).</summary>
    [ConfigurationKeyName("heartbeat_pause_ms")]
    public int HeartbeatPauseMs { get; set; } = 5_000;

    public string EffectiveNodeName => string.IsNullOrWhiteSpace(NodeName) ? Environment.MachineName : NodeName!;

    /// <summary>Null when usable, else the first problem, phrased for a person.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Hostname)) return "cluster.hostname must not be empty";
        if (Port is < 0 or > 65535) return $"cluster.port must be 0-65535 (got {Port})";
        var name = EffectiveNodeName;
        if (name.Contains('/') || name.Any(char.IsWhiteSpace) || name.Any(char.IsControl))
            return $"cluster.node_name '{name}' must not contain '/', spaces or control characters";
        if (string.IsNullOrEmpty(CertificatePath))
            return "cluster.certificate_path is required: cluster traffic is always TLS with mutual authentication (make one with `yoi-supervisor cluster-cert`)";
        if (string.IsNullOrEmpty(CaCertificatePath))
            return "cluster.ca_certificate_path is required: peers are accepted only with a certificate issued by this CA";
        if (StableAfterMs < 1000) return $"cluster.stable_after_ms must be at least 1000 (got {StableAfterMs})";
        if (HeartbeatPauseMs < 1000) return $"cluster.heartbeat_pause_ms must be at least 1000 (got {HeartbeatPauseMs})";
        foreach (var seed in SeedNodes)
        {
            if (ClusterHocon.SeedAddress(seed) is null)
                return $"cluster.seed_nodes: '{seed}' is neither host:port nor {ClusterHocon.Protocol}://{Hosting.SupervisorHost.ActorSystemName}@host:port";
        }

        return null;
    }
}
