using Yoi.Host.Cluster;
using Yoi.Host.Configuration;
using Yoi.Host.Hosting;
using Yoi.Host.Control.Wire;
using Yoi.Host.Output;

namespace Yoi.Host.Tests;

/// <summary>The cluster's configuration rules, certificates and wire fields, without a cluster.</summary>
public sealed class ClusterConfigTests
{
    [Theory]
    [InlineData("10.0.0.5:4053", "akka.ssl.tcp://yoi@10.0.0.5:4053")]
    [InlineData("akka.ssl.tcp://yoi@host-a:4051", "akka.ssl.tcp://yoi@host-a:4051")]
    [InlineData("host-a", null)]
    [InlineData("host-a:0", null)]
    [InlineData("host-a:99999", null)]
    [InlineData("akka.tcp://yoi@host-a:4051", null)]
    [InlineData("a b:4051", null)]
    public void Seeds_are_host_port_or_a_tls_address(string seed, string? expected) =>
        Assert.Equal(expected, ClusterHocon.SeedAddress(seed));

    [Fact]
    public void A_node_needs_its_certificate_and_the_ca()
    {
        Assert.Contains("certificate_path is required", new ClusterOptions { NodeName = "a" }.Validate());
        Assert.Contains("ca_certificate_path is required", new ClusterOptions { NodeName = "a", CertificatePath = "x.pfx" }.Validate());
        Assert.Contains("must not contain '/'", new ClusterOptions { NodeName = "a/b", CertificatePath = "x", CaCertificatePath = "y" }.Validate());
        Assert.Null(new ClusterOptions { NodeName = "a", CertificatePath = "x", CaCertificatePath = "y" }.Validate());
    }

    [Fact]
    public void The_hocon_names_the_resolver_and_the_node_role()
    {
        var hocon = ClusterHocon.Build(new ClusterOptions { NodeName = "n1", Port = 4100, StableAfterMs = 7000, HeartbeatPauseMs = 2500 });
        Assert.Contains("active-strategy = keep-majority", hocon);
        Assert.Contains("stable-after = 7000ms", hocon);
        Assert.Contains("acceptable-heartbeat-pause = 2500ms", hocon);
        Assert.Contains("\"yoi-node:n1\"", hocon);
        Assert.Contains("\"akka.ssl.tcp://yoi@127.0.0.1:4100\"", hocon); // no seeds: it seeds itself
    }

    [Fact]
    public void Only_certificates_of_the_cluster_ca_are_accepted()
    {
        using var ca = ClusterCertificates.CreateCa("test CA");
        using var other = ClusterCertificates.CreateCa("other CA");
        using var node = ClusterCertificates.CreateNode(ca, "a", ["127.0.0.1"]);
        using var rogue = ClusterCertificates.CreateNode(other, "d", ["127.0.0.1"]);
        Assert.True(ClusterCertificates.IssuedBy(node, ca));
        Assert.False(ClusterCertificates.IssuedBy(rogue, ca));
        Assert.False(ClusterCertificates.IssuedBy(node, other));
        Assert.True(node.HasPrivateKey);
    }

    [Fact]
    public void Cluster_requests_and_rows_round_trip()
    {
        var request = ControlCodec.DecodeRequest(ControlCodec.EncodeRequest(new FleetRequest { Cluster = true, Id = "1" }));
        Assert.True(Assert.IsType<FleetRequest>(request).Cluster);
        Assert.False(Assert.IsType<SubscribeRequest>(ControlCodec.DecodeRequest("""{"method":"subscribe"}""")).Cluster);
        var bad = Assert.Throws<ControlRequestException>(() => ControlCodec.DecodeRequest("""{"method":"fleet","params":{"cluster":"yes"}}"""));
        Assert.Equal(ControlNames.InvalidRequest, bad.Code);

        var seen = DateTimeOffset.Parse("2026-12-02T05:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var pod = new PodReport("p1", "/s", 1, "node-unreachable", false, null, null, "gone", false, 0, null, 0, 0, []) { Node = "b", LastSeen = seen };
        var line = ControlCodec.EncodeEvent(new FleetEvent(new FleetReport(seen, [pod], new SupervisorReport(1, 0, 0, 2), null)));
        var back = Assert.IsType<FleetEvent>(ControlCodec.DecodeEvent(line).Event).Fleet.Pods.Single();
        Assert.Equal("b", back.Node);
        Assert.Equal(seen, back.LastSeen);
        Assert.Equal("node-unreachable", back.Outcome);
    }

    [Fact]
    public void Node_pod_names_split_at_the_first_slash()
    {
        Assert.Equal(("c", "p1"), RemoteRequestActor.Split("c/p1"));
        Assert.Null(RemoteRequestActor.Split("p1"));
        Assert.Null(RemoteRequestActor.Split("/p1"));
        Assert.Null(RemoteRequestActor.Split("c/"));
    }

    [Fact]
    public void The_cluster_section_of_the_configuration_file_binds_into_the_cluster_options()
    {
        var file = ConfigFile.Parse("/etc/yoi/a.json", """
            {
              "period_ms": 500,
              "cluster": {
                "node_name": "a", "hostname": "10.0.0.5", "port": 4051,
                "seed_nodes": ["10.0.0.5:4051", "10.0.0.6:4051"], "roles": ["edge"],
                "certificate_path": "certs/a.pfx", "certificate_password": "pw",
                "ca_certificate_path": "/srv/ca.crt", "stable_after_ms": 7000, "heartbeat_pause_ms": 3000
              }
            }
            """);
        var options = HostConfiguration.BindCluster(HostConfiguration.Build(new Dictionary<string, string?>(), file));
        Assert.Equal("a", options.NodeName);
        Assert.Equal("10.0.0.5", options.Hostname);
        Assert.Equal(4051, options.Port);
        Assert.Equal(["10.0.0.5:4051", "10.0.0.6:4051"], options.SeedNodes);
        Assert.Equal(["edge"], options.Roles);
        Assert.Equal("/etc/yoi/certs/a.pfx", options.CertificatePath); // relative: from the file's directory
        Assert.Equal("pw", options.CertificatePassword);
        Assert.Equal("/srv/ca.crt", options.CaCertificatePath);
        Assert.Equal(7000, options.StableAfterMs);
        Assert.Equal(3000, options.HeartbeatPauseMs);
        Assert.Null(options.Validate());
    }

    [Theory]
    [InlineData("""{"cluster": {"prot": 4051}}""", "cluster.prot", "unknown key")]
    [InlineData("""{"cluster": {"port": "4051"}}""", "cluster.port", "expected a number")]
    [InlineData("""{"cluster": {"seed_nodes": "10.0.0.5:4051"}}""", "cluster.seed_nodes", "expected an array of strings")]
    [InlineData("""{"cluster": {"roles": [1]}}""", "cluster.roles", "expected an array of strings")]
    [InlineData("""{"cluster": {"certificate_path": 7}}""", "cluster.certificate_path", "expected a string")]
    [InlineData("""{"cluster": ["a"]}""", "cluster", "expected an object")]
    public void A_bad_cluster_section_is_refused_naming_the_key(string json, string key, string problem)
    {
        var e = Assert.Throws<ConfigurationException>(() => ConfigFile.Parse("/etc/yoi/a.json", json));
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_process_request_for_another_node_is_relayed_with_the_bare_pod_name()
    {
        var request = ControlCodec.DecodeRequest("""{"method":"restart","params":{"pod":"c/p1"},"id":"7"}""");
        var process = Assert.IsType<ProcessRequest>(request);
        Assert.Equal(("c", "p1"), RemoteRequestActor.Split(process.Pod));
        var relayed = Assert.IsType<ProcessRequest>(ControlCodec.DecodeRequest(ControlCodec.EncodeRequest(process with { Pod = "p1" })));
        Assert.Equal("restart", relayed.Action);
        Assert.Equal("p1", relayed.Pod);
        Assert.Equal(process.Id, relayed.Id);
    }
}
