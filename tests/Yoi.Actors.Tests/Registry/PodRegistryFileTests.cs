using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using Yoi.Actors.Registry;
using Yoi.Testing;

namespace Yoi.Actors.Tests.Registry;

public sealed class PodRegistryFileTests : IDisposable
{
    private readonly TempRuntimeDir _dir = new();

    private string RegistryPath => PodRegistry.PathIn(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private static PodAllocation Sample(string name) => new(
        name,
        4242,
        $"/run/yoi/{name}/sock",
        [new ScopeRule("/work/src", ScopePermission.Write), new ScopeRule("/work/docs", ScopePermission.Read, Recursive: false)],
        [new ScopeRule("/work/src/secret", ScopePermission.Read)],
        "parent",
        "0190f4c2-8a3b-7cde-9f01-23456789abcd");

    [Fact]
    public void A_missing_file_or_directory_reads_as_no_allocations()
    {
        Assert.Empty(PodRegistry.Read(RegistryPath));
        Assert.Empty(PodRegistry.Read(Path.Combine(_dir.Path, "absent", "pods.json")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t\r\n")]
    public void An_empty_or_blank_file_reads_as_no_allocations(string content)
    {
        File.WriteAllText(RegistryPath, content);

        Assert.Empty(PodRegistry.Read(RegistryPath));
    }

    [Fact]
    public void The_runtime_format_reads_with_every_field()
    {
        // As the Rust runtime writes it (serde_json::to_vec_pretty of LockFile).
        File.WriteAllText(RegistryPath, """
            {
              "allocations": [
                {
                  "pod_name": "coder",
                  "pid": 4242,
                  "socket": "/run/user/1000/yoi/coder/sock",
                  "scope_allow": [
                    { "target": "/work/src", "permission": "write", "recursive": true },
                    { "target": "/work/docs", "permission": "read", "recursive": false }
                  ],
                  "scope_deny": [],
                  "delegated_from": null,
                  "segment_id": "0190f4c2-8a3b-7cde-9f01-23456789abcd"
                }
              ]
            }
            """);

        var allocation = Assert.Single(PodRegistry.Read(RegistryPath));

        Assert.Equal("coder", allocation.PodName);
        Assert.Equal(4242, allocation.Pid);
        Assert.Equal("/run/user/1000/yoi/coder/sock", allocation.Socket);
        Assert.Equal([new ScopeRule("/work/src", ScopePermission.Write), new ScopeRule("/work/docs", ScopePermission.Read, false)], allocation.ScopeAllow);
        Assert.Empty(allocation.ScopeDeny);
        Assert.Null(allocation.DelegatedFrom);
        Assert.Equal("0190f4c2-8a3b-7cde-9f01-23456789abcd", allocation.SegmentId);
    }

    [Fact]
    public void Missing_optional_fields_and_null_lists_take_their_defaults()
    {
        File.WriteAllText(RegistryPath, """
            {"allocations":[
              {"pod_name":"a","pid":1,"socket":"/s/a"},
              {"pod_name":"b","pid":2,"socket":"/s/b","scope_allow":null,"scope_deny":null,"delegated_from":"a","segment_id":null},
              {"pod_name":"c","pid":3,"socket":"/s/c","scope_allow":[{"target":"/t","permission":"write"}]}
            ]}
            """);

        var read = PodRegistry.Read(RegistryPath);

        Assert.Equal(PodAllocation.Of("a", 1, "/s/a"), read[0], AllocationComparer.Instance);
        Assert.Empty(read[0].ScopeAllow);
        Assert.Empty(read[1].ScopeDeny);
        Assert.Equal("a", read[1].DelegatedFrom);
        Assert.Null(read[1].SegmentId);
        Assert.True(Assert.Single(read[2].ScopeAllow).Recursive);
    }

    [Fact]
    public void Unknown_fields_are_ignored_on_read_and_kept_on_rewrite()
    {
        File.WriteAllText(RegistryPath, """
            {"version":3,"allocations":[
              {"pod_name":"other","pid":7,"socket":"/s/o","scope_allow":[{"target":"/t","permission":"read","note":"x"}],"future":{"k":[1,2]}}
            ],"owner":"rust"}
            """);

        Assert.Equal("other", Assert.Single(PodRegistry.Read(RegistryPath)).PodName);

        PodRegistry.Register(RegistryPath, Sample("mine"));

        var root = JsonNode.Parse(File.ReadAllText(RegistryPath))!.AsObject();
        Assert.Equal(3, (int)root["version"]!);
        Assert.Equal("rust", (string)root["owner"]!);
        var other = root["allocations"]![0]!;
        Assert.Equal("[1,2]", other["future"]!["k"]!.ToJsonString());
        Assert.Equal("x", (string)other["scope_allow"]![0]!["note"]!);
        Assert.Equal(["other", "mine"], PodRegistry.Read(RegistryPath).Select(a => a.PodName));
    }

    [Fact]
    public void Corrupt_json_names_the_file_line_and_position()
    {
        var broken = "{\n  \"allocations\": [\n    {\"pod_name\": }\n  ]\n}";
        File.WriteAllText(RegistryPath, broken);

        var e = Assert.Throws<RegistryCorruptException>(() => PodRegistry.Read(RegistryPath));

        Assert.Equal(3, e.Line);
        Assert.Equal("    {\"pod_name\": }".IndexOf('}', StringComparison.Ordinal) + 1, e.Position);
        Assert.StartsWith($"{RegistryPath} is not valid JSON at line 3, position {e.Position}: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("{\"allocations\":[],}")]
    [InlineData("{\"allocations\":[]} // note")]
    [InlineData("{\"allocations\":[],\"allocations\":[]}")]
    [InlineData("{\"allocations\":[")]
    public void Json_the_runtime_would_reject_is_corrupt(string content)
    {
        File.WriteAllText(RegistryPath, content);

        Assert.Throws<RegistryCorruptException>(() => PodRegistry.Read(RegistryPath));
    }

    [Fact]
    public void Invalid_utf8_is_corrupt_with_its_position()
    {
        File.WriteAllBytes(RegistryPath, [.. "{\n\"x\":\""u8, 0xFF, .. "\"}"u8]);

        var e = Assert.Throws<RegistryCorruptException>(() => PodRegistry.Read(RegistryPath));

        Assert.Equal((2, 6), (e.Line, e.Position));
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "top level must be an object, found an array")]
    [InlineData("{\"allocations\":{}}", "\"allocations\" must be an array, found an object")]
    [InlineData("{\"allocations\":[1]}", "allocations[0] must be an object, found the number 1")]
    [InlineData("{\"allocations\":[{\"pid\":1,\"socket\":\"/s\"}]}", "allocations[0] lacks the required field \"pod_name\"")]
    [InlineData("{\"allocations\":[{\"pod_name\":\"a\",\"socket\":\"/s\"}]}", "allocations[0] (pod \"a\") lacks the required field \"pid\"")]
    [InlineData("{\"allocations\":[{\"pod_name\":\"a\",\"pid\":1}]}", "lacks the required field \"socket\"")]
    [InlineData("{\"allocations\":[{\"pod_name\":\"a\",\"pid\":\"1\",\"socket\":\"/s\"}]}", "\"pid\" must be an integer")]
    [InlineData("{\"allocations\":[{\"pod_name\":\"a\",\"pid\":4294967295,\"socket\":\"/s\"}]}", "\"pid\" must be an integer")]
    [InlineData("{\"allocations\":[{\"pod_name\":\"a\",\"pid\":1.5,\"socket\":\"/s\"}]}", "\"pid\" must be an integer")]
    [InlineData("{\"allocations\":[{\"pod_name\":7,\"pid\":1,\"socket\":\"/s\"}]}", "\"pod_name\" must be a string")]
    [InlineData("{\"allocations\":[{\"pod_name\":\"a\",\"pid\":1,\"socket\":\"/s\",\"scope_allow\":{}}]}", "\"scope_allow\" must be an array")]
    [InlineData("{\"allocations\":[{\"pod_name\":\"a\",\"pid\":1,\"socket\":\"/s\",\"scope_deny\":[{\"target\":\"/t\",\"permission\":\"admin\"}]}]}", "scope_deny[0]: \"permission\" must be \"read\" or \"write\"")]
    [InlineData("{\"allocations\":[{\"pod_name\":\"a\",\"pid\":1,\"socket\":\"/s\",\"scope_allow\":[{\"permission\":\"read\"}]}]}", "scope_allow[0] lacks the required field \"target\"")]
    [InlineData("{\"allocations\":[{\"pod_name\":\"a\",\"pid\":1,\"socket\":\"/s\",\"segment_id\":5}]}", "\"segment_id\" must be a string or null")]
    public void A_wrong_shape_fails_the_whole_read_with_a_clear_message(string content, string expected)
    {
        File.WriteAllText(RegistryPath, content);

        var e = Assert.Throws<RegistryException>(() => PodRegistry.Read(RegistryPath));

        Assert.IsNotType<RegistryCorruptException>(e);
        Assert.StartsWith($"{RegistryPath} is not a valid pod registry: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void Register_into_a_fresh_directory_creates_it_0700_and_the_file_0600()
    {
        var runtimeDir = Path.Combine(_dir.Path, "fresh", "run");
        var path = PodRegistry.PathIn(runtimeDir);

        PodRegistry.Register(path, Sample("coder"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(runtimeDir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(Sample("coder"), Assert.Single(PodRegistry.Read(path)), AllocationComparer.Instance);
    }

    [Fact]
    public void Register_round_trips_every_field_and_writes_the_runtime_layout()
    {
        PodRegistry.Register(RegistryPath, Sample("coder"));

        Assert.Equal(Sample("coder"), Assert.Single(PodRegistry.Read(RegistryPath)), AllocationComparer.Instance);
        var entry = JsonNode.Parse(File.ReadAllText(RegistryPath))!["allocations"]![0]!.AsObject();
        Assert.Equal(["pod_name", "pid", "socket", "scope_allow", "scope_deny", "delegated_from", "segment_id"], entry.Select(p => p.Key));
        Assert.Equal("""{"target":"/work/docs","permission":"read","recursive":false}""", entry["scope_allow"]![1]!.ToJsonString());
    }

    [Fact]
    public void Register_replaces_an_entry_of_the_same_name_in_place()
    {
        PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s/a"));
        PodRegistry.Register(RegistryPath, PodAllocation.Of("b", 2, "/s/b"));
        PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 3, "/s/a2"));

        var read = PodRegistry.Read(RegistryPath);

        Assert.Equal([("a", 3, "/s/a2"), ("b", 2, "/s/b")], read.Select(x => (x.PodName, x.Pid, x.Socket)));
    }

    [Fact]
    public void Register_into_an_empty_file_works()
    {
        File.WriteAllText(RegistryPath, "\n");

        PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s/a"));

        Assert.Equal("a", Assert.Single(PodRegistry.Read(RegistryPath)).PodName);
    }

    [Fact]
    public void Register_never_overwrites_a_corrupt_file()
    {
        File.WriteAllText(RegistryPath, "{\"allocations\": [oops");

        Assert.Throws<RegistryCorruptException>(() => PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s")));
        Assert.Equal("{\"allocations\": [oops", File.ReadAllText(RegistryPath));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData(".")]
    [InlineData("a\0b")]
    public void Register_rejects_an_invalid_pod_name_before_touching_the_disk(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => PodRegistry.Register(RegistryPath, PodAllocation.Of(name, 1, "/s")));

        Assert.Contains("pod name", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(RegistryPath));
    }

    [Fact]
    public void Unregister_removes_only_the_named_pod()
    {
        PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s/a"));
        PodRegistry.Register(RegistryPath, PodAllocation.Of("b", 2, "/s/b"));

        Assert.True(PodRegistry.Unregister(RegistryPath, "a"));
        Assert.False(PodRegistry.Unregister(RegistryPath, "a"));

        Assert.Equal("b", Assert.Single(PodRegistry.Read(RegistryPath)).PodName);
    }

    [Fact]
    public void Unregister_of_an_unknown_pod_leaves_the_file_byte_for_byte()
    {
        const string content = "{ \"allocations\" : [ {\"pod_name\":\"a\",\"pid\":1,\"socket\":\"/s\"} ] }";
        File.WriteAllText(RegistryPath, content);

        Assert.False(PodRegistry.Unregister(RegistryPath, "zzz"));
        Assert.Equal(content, File.ReadAllText(RegistryPath));
    }

    [Fact]
    public void Unregister_without_a_file_returns_false_and_creates_nothing()
    {
        var path = Path.Combine(_dir.Path, "nowhere", PodRegistry.FileName);

        Assert.False(PodRegistry.Unregister(path, "a"));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public void IO_failures_are_registry_exceptions_naming_the_file()
    {
        // A directory where the file should be: opening it for writing fails with EISDIR.
        Directory.CreateDirectory(RegistryPath);

        var e = Assert.ThrowsAny<RegistryException>(() => PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/s")));
        Assert.Contains(RegistryPath, e.Message, StringComparison.Ordinal);

        var read = Assert.ThrowsAny<RegistryException>(() => PodRegistry.Read(RegistryPath));
        Assert.Contains(RegistryPath, read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_paths_are_written_readably()
    {
        PodRegistry.Register(RegistryPath, PodAllocation.Of("a", 1, "/run/ユーザー/sock"));

        Assert.Contains("/run/ユーザー/sock", File.ReadAllText(RegistryPath, Encoding.UTF8), StringComparison.Ordinal);
    }
}
