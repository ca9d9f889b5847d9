using Yoi.Testing;
using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using Yoi.Actors.Registry;

namespace Yoi.Actors.Tests.Registry;

public sealed class FleetRegistryTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    private readonly TempRuntimeDir _dir = new();

    private string PodsPath => PodRegistry.PathIn(_dir.Path, RegistryFlavor.Pods);

    private string WorkersPath => PodRegistry.PathIn(_dir.Path, RegistryFlavor.Workers);

    public void Dispose() => _dir.Dispose();

    private RegistrySnapshot Read(RegistrySnapshot? previous = null) => FleetRegistry.Read(_dir.Path, previous: previous);

    private static IEnumerable<(RegistryFlavor, string)> Rows(RegistrySnapshot snapshot) => snapshot.Allocations.Select(a => (a.Flavor, a.PodName));

    [Fact]
    public void No_files_is_an_empty_fleet_without_errors()
    {
        var snapshot = Read();

        Assert.Empty(snapshot.Allocations);
        Assert.Empty(snapshot.Errors);
        Assert.Empty(snapshot.Present);
        Assert.Empty(FleetRegistry.Read(Path.Combine(_dir.Path, "absent")).Present);
    }

    [Fact]
    public void Both_files_are_read_pods_first_each_row_with_its_flavor()
    {
        PodRegistry.Register(PodsPath, PodAllocation.Of("p1", 1, "/s/p1"));
        PodRegistry.Register(PodsPath, PodAllocation.Of("p2", 2, "/s/p2"));
        File.WriteAllText(WorkersPath, GoldenWorkersJson.Text);

        var snapshot = Read();

        Assert.Equal([(RegistryFlavor.Pods, "p1"), (RegistryFlavor.Pods, "p2"), (RegistryFlavor.Workers, "worker-000"), (RegistryFlavor.Workers, "reviewer")], Rows(snapshot));
        Assert.Equal([RegistryFlavor.Pods, RegistryFlavor.Workers], snapshot.Present);
        Assert.Empty(snapshot.Errors);
        Assert.Empty(snapshot.Rejected);
        Assert.Empty(snapshot.Duplicates);
    }

    [Fact]
    public void Only_workers_json_is_a_fleet_of_workers()
    {
        File.WriteAllText(WorkersPath, GoldenWorkersJson.Text);

        var snapshot = Read();

        Assert.Equal([(RegistryFlavor.Workers, "worker-000"), (RegistryFlavor.Workers, "reviewer")], Rows(snapshot));
        Assert.Equal([RegistryFlavor.Workers], snapshot.Present);
    }

    [Fact]
    public void A_corrupt_workers_json_is_reported_by_name_and_does_not_hide_pods_json()
    {
        PodRegistry.Register(PodsPath, PodAllocation.Of("p1", 1, "/s/p1"));
        File.WriteAllText(WorkersPath, "{\"allocations\": [oops");

        var snapshot = Read();

        Assert.Equal([(RegistryFlavor.Pods, "p1")], Rows(snapshot));
        var error = Assert.Single(snapshot.Errors);
        Assert.Equal((RegistryFlavor.Workers, WorkersPath, false), (error.Flavor, error.Path, error.ShowingLastGood));
        Assert.StartsWith($"{WorkersPath} is not valid JSON at line 1, position ", error.Message, StringComparison.Ordinal);
        Assert.Same(error, snapshot.ErrorOf(RegistryFlavor.Workers));
        Assert.Null(snapshot.ErrorOf(RegistryFlavor.Pods));
        Assert.Equal([RegistryFlavor.Pods, RegistryFlavor.Workers], snapshot.Present);
    }

    [Fact]
    public void A_file_that_turns_bad_keeps_its_last_good_rows_and_says_so_while_the_other_file_moves_on()
    {
        PodRegistry.Register(PodsPath, PodAllocation.Of("p1", 1, "/s/p1"));
        File.WriteAllText(WorkersPath, GoldenWorkersJson.Text);
        var good = Read();

        File.WriteAllText(WorkersPath, "not json");
        PodRegistry.Register(PodsPath, PodAllocation.Of("p2", 2, "/s/p2"));
        var bad = Read(good);

        Assert.Equal([(RegistryFlavor.Pods, "p1"), (RegistryFlavor.Pods, "p2"), (RegistryFlavor.Workers, "worker-000"), (RegistryFlavor.Workers, "reviewer")], Rows(bad));
        var error = Assert.Single(bad.Errors);
        Assert.True(error.ShowingLastGood);
        Assert.EndsWith("(showing its last good content)", error.ToString(), StringComparison.Ordinal);

        // Still bad: the last good view carries on from the snapshot that carried it.
        var stillBad = Read(bad);
        Assert.Equal(Rows(bad), Rows(stillBad));

        File.WriteAllText(WorkersPath, """{"allocations":[{"worker_name":"w9","pid":9,"socket":"/s/w9"}]}""");
        var fixedAgain = Read(stillBad);
        Assert.Empty(fixedAgain.Errors);
        Assert.Equal([(RegistryFlavor.Pods, "p1"), (RegistryFlavor.Pods, "p2"), (RegistryFlavor.Workers, "w9")], Rows(fixedAgain));
    }

    [Fact]
    public async Task A_fifo_at_pods_json_is_an_error_for_that_file_only_and_the_read_returns_promptly()
    {
        LibCTestCalls.MakeFifo(PodsPath);
        File.WriteAllText(WorkersPath, GoldenWorkersJson.Text);

        var snapshot = await Task.Run(() => Read()).WaitAsync(Prompt);

        Assert.Equal([(RegistryFlavor.Workers, "worker-000"), (RegistryFlavor.Workers, "reviewer")], Rows(snapshot));
        var error = Assert.Single(snapshot.Errors);
        Assert.Equal(RegistryFlavor.Pods, error.Flavor);
        Assert.Contains("is a FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_limit_is_an_error_for_that_file_only()
    {
        File.WriteAllText(WorkersPath, GoldenWorkersJson.Text);
        PodRegistry.Register(PodsPath, PodAllocation.Of("p1", 1, "/s/p1"));

        var snapshot = FleetRegistry.Read(_dir.Path, RegistryOptions.Default with { MaxBytes = new FileInfo(PodsPath).Length });

        Assert.Equal([(RegistryFlavor.Pods, "p1")], Rows(snapshot));
        Assert.Contains("over the limit", Assert.Single(snapshot.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_twice_in_one_file_keeps_the_first_row_and_reports_the_others()
    {
        File.WriteAllText(PodsPath, """
            {"allocations":[
              {"pod_name":"a","pid":1,"socket":"/s/a1"},
              {"pod_name":"b","pid":2,"socket":"/s/b"},
              {"pod_name":"a","pid":3,"socket":"/s/a2"},
              {"pod_name":"a","pid":4,"socket":"/s/a3"}
            ]}
            """);

        var snapshot = Read();

        Assert.Equal([("a", "/s/a1"), ("b", "/s/b")], snapshot.Allocations.Select(a => (a.PodName, a.Socket)));
        Assert.Equal(
            ["pods.json allocations[2] \"a\": duplicate name: pods.json allocations[0] has it already (the runtime uses the first)",
             "pods.json allocations[3] \"a\": duplicate name: pods.json allocations[0] has it already (the runtime uses the first)"],
            snapshot.Rejected.Select(r => r.ToString()));
        var duplicate = Assert.Single(snapshot.Duplicates);
        Assert.Equal("a", duplicate.Name);
        Assert.Equal([new RegistryLocation(RegistryFlavor.Pods, 0), new RegistryLocation(RegistryFlavor.Pods, 2), new RegistryLocation(RegistryFlavor.Pods, 3)], duplicate.Locations);
        Assert.False(duplicate.AcrossFiles);
        Assert.True(snapshot.IsDuplicate("a"));
        Assert.False(snapshot.IsDuplicate("b"));
    }

    [Fact]
    public void A_name_in_both_files_is_shown_twice_flagged_never_merged()
    {
        PodRegistry.Register(PodsPath, PodAllocation.Of("same", 1, "/s/pod"));
        PodRegistry.Register(PodsPath, PodAllocation.Of("p", 2, "/s/p"));
        PodRegistry.Register(WorkersPath, PodAllocation.Of("w", 3, "/s/w"));
        PodRegistry.Register(WorkersPath, PodAllocation.Of("same", 4, "/s/worker"));

        var snapshot = Read();

        Assert.Equal(
            [(RegistryFlavor.Pods, "same", "/s/pod"), (RegistryFlavor.Pods, "p", "/s/p"), (RegistryFlavor.Workers, "w", "/s/w"), (RegistryFlavor.Workers, "same", "/s/worker")],
            snapshot.Allocations.Select(a => (a.Flavor, a.PodName, a.Socket)));
        Assert.Empty(snapshot.Rejected);
        var duplicate = Assert.Single(snapshot.Duplicates);
        Assert.True(duplicate.AcrossFiles);
        Assert.Equal("\"same\" is on 2 rows: pods.json allocations[0], workers.json allocations[1]", duplicate.ToString());
        Assert.True(snapshot.IsDuplicate("same"));
    }

    [Fact]
    public void Hostile_names_are_judged_by_the_runtime_rule_and_reported_escaped()
    {
        var longName = new string('x', 100_000);
        string[] names = ["\u001b[2J\u001b]0;pwned\u0007", "../../etc", "a\nb", "a\0b", "", longName, "ok", "..", "bidi\u202e"];
        File.WriteAllText(WorkersPath, RegistryText("worker_name", names));

        var snapshot = Read();

        // As the runtime: control characters are allowed, '/', NUL, "", "..", and what no file name can be are not.
        Assert.Equal(["\u001b[2J\u001b]0;pwned\u0007", "a\nb", "ok", "bidi\u202e"], snapshot.Allocations.Select(a => a.PodName));
        Assert.Equal(
            [(1, "../../etc", "'/' at index 2"), (3, @"a\0b", "NUL"), (4, "", "empty"), (5, new string('x', PodNames.DefaultShownChars) + "…(+99936 characters)", "100000 characters"), (7, "..", "\"..\"")],
            snapshot.Rejected.Select(r => (r.Location.Index, r.Name, Expected: Fragment(r.Reason))));
        foreach (var text in snapshot.Rejected.Select(r => r.ToString()).Concat(snapshot.Duplicates.Select(d => d.ToString())))
            Assert.DoesNotContain(text, c => char.IsControl(c) || c == '\u202e');

        string Fragment(string reason) =>
            new[] { "'/' at index 2", "NUL", "empty", "100000 characters", "\"..\"" }.Single(f => reason.Contains(f, StringComparison.Ordinal));
    }

    [Fact]
    public void A_parse_error_quotes_the_content_escaped()
    {
        File.WriteAllText(PodsPath, "nul\u0085\u001b[2J" + new string('l', 5000));

        var error = Assert.Single(Read(RegistrySnapshot.Empty).Errors);

        Assert.False(error.ShowingLastGood);
        Assert.StartsWith($"{PodsPath} is not valid JSON at line 1, position ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, char.IsControl);
        Assert.InRange(error.Message.Length, 0, PodsPath.Length + 300);
    }

    [Fact]
    public void A_shape_error_quotes_a_hostile_name_escaped()
    {
        File.WriteAllText(PodsPath, """{"allocations":[{"pod_name":"\u001b[2Jx","socket":"/s"}]}""");

        var error = Assert.Single(Read().Errors);

        Assert.Contains("(pod \"\\u{1b}[2Jx\") lacks the required field \"pid\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, char.IsControl);
    }

    [Fact]
    public void A_50_MB_registry_of_5000_rows_with_10_KB_names_reads_within_the_default_limit()
    {
        var names = Enumerable.Range(0, 5000).Select(i => $"{i:D5}-{new string('n', 10 * 1024)}").Append("fine").ToArray();
        File.WriteAllText(PodsPath, RegistryText("pod_name", names));
        var size = new FileInfo(PodsPath).Length;
        Assert.InRange(size, 50_000_000, RegistryOptions.DefaultMaxBytes);

        var clock = Stopwatch.StartNew();
        var snapshot = Read();
        var elapsed = clock.Elapsed;
        output.WriteLine($"read {size} bytes, {snapshot.Rejected.Count} rows rejected, in {elapsed.TotalMilliseconds:0} ms");

        Assert.Empty(snapshot.Errors);
        Assert.Equal("fine", Assert.Single(snapshot.Allocations).PodName);
        Assert.Equal(5000, snapshot.Rejected.Count);
        Assert.All(snapshot.Rejected, r => Assert.Contains("10246 characters long", r.Reason, StringComparison.Ordinal));
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(60));
    }

    private static string RegistryText(string nameKey, IEnumerable<string> names)
    {
        var text = new StringBuilder("{\"allocations\":[");
        var i = 0;
        foreach (var name in names)
        {
            if (i > 0)
                text.Append(',');
            text.Append("{\"").Append(nameKey).Append("\":").Append(System.Text.Json.JsonSerializer.Serialize(name))
                .Append(",\"pid\":").Append(1000 + i).Append(",\"socket\":\"/s/").Append(i).Append("\"}");
            i++;
        }
        return text.Append("]}").ToString();
    }
}
