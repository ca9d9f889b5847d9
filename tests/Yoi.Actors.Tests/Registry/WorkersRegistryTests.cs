using Yoi.Testing;
using System.Text;
using System.Text.Json.Nodes;
using Yoi.Actors.Registry;

namespace Yoi.Actors.Tests.Registry;

/// <summary><c>workers.json</c>: the August runtime's registry, <c>worker_name</c> instead of <c>pod_name</c>.</summary>
public sealed class WorkersRegistryTests : IDisposable
{
    private static readonly byte[] Golden = Encoding.UTF8.GetBytes(GoldenWorkersJson.Text);

    private readonly TempRuntimeDir _dir = new();

    private string WorkersPath => PodRegistry.PathIn(_dir.Path, RegistryFlavor.Workers);

    public void Dispose() => _dir.Dispose();

    // The golden file's two rows, as values.
    private static PodAllocation Top => new(
        "worker-000", 4242, "/run/user/1000/yoi/worker-000/sock",
        [new ScopeRule("/home/u/project", ScopePermission.Write)], [], null, "0192f0e8-4d84-7d6e-a000-000000000001")
    {
        Flavor = RegistryFlavor.Workers,
    };

    private static PodAllocation Reviewer => new(
        "reviewer", 4243, "/run/user/1000/yoi/reviewer/sock",
        [new ScopeRule("/home/u/project/docs", ScopePermission.Write), new ScopeRule("/home/u/project", ScopePermission.Read, Recursive: false)],
        [new ScopeRule("/home/u/project/docs/secret", ScopePermission.Read)], "worker-000", null)
    {
        Flavor = RegistryFlavor.Workers,
    };

    [Fact]
    public void Flavors_name_their_files_and_keys()
    {
        Assert.Equal(("pods.json", "pod_name", "pod"), (RegistryFlavor.Pods.FileName, RegistryFlavor.Pods.NameKey, RegistryFlavor.Pods.Noun));
        Assert.Equal(("workers.json", "worker_name", "worker"), (RegistryFlavor.Workers.FileName, RegistryFlavor.Workers.NameKey, RegistryFlavor.Workers.Noun));
        Assert.Equal(Path.Combine(_dir.Path, "workers.json"), WorkersPath);
        Assert.Equal(PodRegistry.PathIn(_dir.Path), PodRegistry.PathIn(_dir.Path, RegistryFlavor.Pods));
        Assert.Equal(RegistryFlavor.Workers, RegistryFlavors.OfPath(WorkersPath));
        Assert.Equal(RegistryFlavor.Pods, RegistryFlavors.OfPath(_dir.File("other.json")));
    }

    [Fact]
    public void The_golden_registry_reads_with_every_field_and_its_flavor()
    {
        File.WriteAllBytes(WorkersPath, Golden);

        var read = PodRegistry.Read(WorkersPath);

        Assert.Equal([Top, Reviewer], read, AllocationComparer.Instance);
        Assert.All(read, a => Assert.Equal(RegistryFlavor.Workers, a.Flavor));
    }

    [Fact]
    public void Registering_the_golden_rows_into_an_empty_file_writes_the_golden_bytes()
    {
        PodRegistry.Register(WorkersPath, Top);
        PodRegistry.Register(WorkersPath, Reviewer);

        Assert.Equal(GoldenWorkersJson.Text, File.ReadAllText(WorkersPath));
    }

    [Fact]
    public void Re_registering_a_golden_row_into_a_copy_leaves_it_byte_for_byte()
    {
        File.WriteAllBytes(WorkersPath, Golden);

        PodRegistry.Register(WorkersPath, Top);
        Assert.Equal(Golden, File.ReadAllBytes(WorkersPath));

        Assert.True(PodRegistry.Unregister(WorkersPath, "reviewer"));
        PodRegistry.Register(WorkersPath, Reviewer);
        Assert.Equal(Golden, File.ReadAllBytes(WorkersPath));
    }

    [Fact]
    public void Register_and_unregister_keep_the_other_rows_verbatim()
    {
        File.WriteAllBytes(WorkersPath, Golden);
        // The allocation's own flavor does not matter: the file decides the key.
        PodRegistry.Register(WorkersPath, PodAllocation.Of("sim-1", 77, "/tmp/sim-1/sock"));

        var text = File.ReadAllText(WorkersPath);
        var goldenRows = GoldenWorkersJson.Text[..GoldenWorkersJson.Text.LastIndexOf("\n  ]", StringComparison.Ordinal)];
        Assert.StartsWith(goldenRows + ",\n    {\n      \"worker_name\": \"sim-1\",\n      \"pid\": 77,", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pod_name", text, StringComparison.Ordinal);
        var added = Assert.Single(PodRegistry.Read(WorkersPath), a => a.PodName == "sim-1");
        Assert.Equal(RegistryFlavor.Workers, added.Flavor);

        Assert.True(PodRegistry.Unregister(WorkersPath, "sim-1"));
        Assert.Equal(Golden, File.ReadAllBytes(WorkersPath));
        Assert.True(PodRegistry.Unregister(WorkersPath, "worker-000"));
        Assert.Equal([Reviewer], PodRegistry.Read(WorkersPath), AllocationComparer.Instance);
    }

    [Fact]
    public void Pods_json_is_written_with_pod_name_even_for_a_worker_flavored_allocation()
    {
        var podsPath = PodRegistry.PathIn(_dir.Path);

        PodRegistry.Register(podsPath, Top);

        var entry = JsonNode.Parse(File.ReadAllText(podsPath))!["allocations"]![0]!.AsObject();
        Assert.Equal("pod_name", entry.First().Key);
        Assert.Equal(RegistryFlavor.Pods, Assert.Single(PodRegistry.Read(podsPath)).Flavor);
    }

    [Fact]
    public void A_workers_file_with_pod_name_rows_is_a_shape_error_naming_the_worker_key()
    {
        File.WriteAllText(WorkersPath, """{"allocations":[{"pod_name":"a","pid":1,"socket":"/s"}]}""");

        var e = Assert.Throws<RegistryException>(() => PodRegistry.Read(WorkersPath));

        Assert.Equal($"{WorkersPath} is not a valid worker registry: allocations[0] lacks the required field \"worker_name\"", e.Message);
    }

    [Fact]
    public void A_name_that_is_not_unicode_fails_the_file_as_serde_json_would()
    {
        File.WriteAllText(WorkersPath, """{"allocations":[{"worker_name":"\ud800","pid":1,"socket":"/s"}]}""");

        var e = Assert.Throws<RegistryException>(() => PodRegistry.Read(WorkersPath));

        Assert.Equal($"{WorkersPath} is not a valid worker registry: allocations[0]: \"worker_name\" is not valid Unicode (a lone surrogate escape)", e.Message);
    }

    [Fact]
    public void Names_with_control_characters_are_written_escaped_as_serde_json_does()
    {
        PodRegistry.Register(WorkersPath, PodAllocation.Of("a\u001b[31m\n\"\\\u007f\u2028é", 1, "/s"));

        // serde_json: \n and \" and \\ short, other C0 as \u00xx in lower case; DEL, U+2028 and non-ASCII raw.
        Assert.Contains("\"worker_name\": \"a\\u001b[31m\\n\\\"\\\\\u007f\u2028é\",", File.ReadAllText(WorkersPath), StringComparison.Ordinal);
        Assert.Equal("a\u001b[31m\n\"\\\u007f\u2028é", Assert.Single(PodRegistry.Read(WorkersPath)).PodName);
    }

    [Fact]
    public void Unknown_fields_and_numbers_survive_a_rewrite_in_the_pretty_layout()
    {
        File.WriteAllText(WorkersPath, """{"version":3,"allocations":[{"worker_name":"o","pid":7,"socket":"/s","x":{"n":1.50,"e":{},"l":[]}}]}""");

        PodRegistry.Register(WorkersPath, PodAllocation.Of("b", 2, "/s/b"));

        Assert.StartsWith("""
            {
              "version": 3,
              "allocations": [
                {
                  "worker_name": "o",
                  "pid": 7,
                  "socket": "/s",
                  "x": {
                    "n": 1.50,
                    "e": {},
                    "l": []
                  }
                },
                {
                  "worker_name": "b",
            """, File.ReadAllText(WorkersPath), StringComparison.Ordinal);
    }
}
