using Newtonsoft.Json.Linq;
using Yoi.Simulation;
using Yoi.Testing;
using static Yoi.Actors.Tests.Simulation.RawClient;

namespace Yoi.Actors.Tests.Simulation;

public sealed class NormalPodTests : IDisposable
{
    private const string RunHello = "{\"method\":\"run\",\"params\":{\"input\":[{\"kind\":\"text\",\"content\":\"hello\"}]}}";

    private static readonly SimulationOptions Fast = new() { EventDelay = TimeSpan.FromMilliseconds(1), ResponseLatency = TimeSpan.Zero };

    private readonly TempRuntimeDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Connect_writes_alerts_then_exactly_one_idle_snapshot()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast with { AlertsOnConnect = 2 });
        using var client = await ConnectAsync(pod.SocketPath);

        var a1 = await client.ReadEventAsync();
        var a2 = await client.ReadEventAsync();
        var snapshot = await client.ReadEventAsync();

        Assert.Equal(["alert", "alert"], [Name(a1), Name(a2)]);
        Assert.Equal("snapshot", Name(snapshot));
        Assert.Equal("idle", (string)snapshot["data"]!["status"]!);
        Assert.Equal("p1", (string)snapshot["data"]!["greeting"]!["pod_name"]!);
        Assert.True(await client.QuietForAsync(TimeSpan.FromMilliseconds(200)), "nothing may follow the snapshot on an idle pod");
    }

    [Fact]
    public async Task Run_emits_the_documented_sequence_and_only_a_fresh_pod_rotates_the_segment()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast);
        using var client = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(client);

        client.Send(RunHello);
        var first = await ReadRunAsync(client);
        client.Send(RunHello);
        var second = await ReadRunAsync(client);

        string[] turn = ["turn_start", "llm_call_start", "text_delta", "text_done", "usage", "llm_call_end", "turn_end"];
        Assert.Equal(["status", "segment_rotated", "invoke_start", "user_message", .. turn, "run_end", "status"], Compress(first));
        Assert.Equal(["status", "invoke_start", "user_message", .. turn, "run_end", "status"], Compress(second));
        Assert.Equal("{\"event\":\"status\",\"data\":{\"status\":\"running\"}}", first[0].ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal("user_send", (string)first[2]["data"]!["kind"]!);
        Assert.Equal(0, (int)first.Single(e => Name(e) == "turn_start")["data"]!["turn"]!);
        Assert.Equal("finished", (string)first.Single(e => Name(e) == "turn_end")["data"]!["result"]!);
        Assert.Equal("finished", (string)first[^2]["data"]!["result"]!);
        Assert.Equal("idle", (string)first[^1]["data"]!["status"]!);
        var text = string.Concat(first.Where(e => Name(e) == "text_delta").Select(e => (string)e["data"]!["text"]!));
        Assert.Equal(text, (string)first.Single(e => Name(e) == "text_done")["data"]!["text"]!);
    }

    [Fact]
    public async Task Run_echoes_segments_and_unknown_kinds_as_unknown()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast);
        using var client = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(client);

        client.Send("{\"method\":\"run\",\"params\":{\"input\":[{\"kind\":\"text\",\"content\":\"hi \\\"世界\\\"\\n\"},{\"kind\":\"paste\",\"id\":7,\"chars\":12,\"lines\":2,\"content\":\"line1\\nline2\"},{\"kind\":\"hologram\",\"uri\":\"x\"}]}}");
        var run = await ReadRunAsync(client);

        var echo = run.Single(e => Name(e) == "user_message").ToString(Newtonsoft.Json.Formatting.None);
        Assert.Equal(
            "{\"event\":\"user_message\",\"data\":{\"segments\":[{\"kind\":\"text\",\"content\":\"hi \\\"世界\\\"\\n\"},{\"kind\":\"paste\",\"id\":7,\"chars\":12,\"lines\":2,\"content\":\"line1\\nline2\"},{\"kind\":\"unknown\"}]}}",
            echo);
    }

    [Fact]
    public async Task A_run_mentioning_a_tool_makes_a_tool_call_and_a_second_turn()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast);
        using var client = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(client);

        client.Send("{\"method\":\"run\",\"params\":{\"input\":[{\"kind\":\"text\",\"content\":\"use a tool\"}]}}");
        var names = Compress(await ReadRunAsync(client));

        Assert.Equal(
            ["status", "segment_rotated", "invoke_start", "user_message",
             "turn_start", "llm_call_start", "text_delta", "text_done", "tool_call_start", "tool_call_args_delta", "tool_call_done", "usage", "llm_call_end", "tool_result", "turn_end",
             "turn_start", "llm_call_start", "text_delta", "text_done", "usage", "llm_call_end", "turn_end",
             "run_end", "status"],
            names);
    }

    [Fact]
    public async Task Every_connected_client_receives_the_broadcast_run()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast);
        using var a = await ConnectAsync(pod.SocketPath);
        using var b = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(a);
        await ReadGreetingAsync(b);

        a.Send(RunHello);
        var seenByA = await ReadRunAsync(a);
        var seenByB = await ReadRunAsync(b);

        Assert.Equal(seenByA.Select(e => e.ToString()), seenByB.Select(e => e.ToString()));
    }

    [Fact]
    public async Task List_completions_is_answered_to_the_asker_only()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast);
        using var a = await ConnectAsync(pod.SocketPath);
        using var b = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(a);
        await ReadGreetingAsync(b);

        a.Send("{\"method\":\"list_completions\",\"params\":{\"kind\":\"file\",\"prefix\":\"src/\"}}");
        var answer = await a.ReadLineAsync();
        Assert.Equal("{\"event\":\"completions\",\"data\":{\"kind\":\"file\",\"entries\":[{\"value\":\"src/ipc\",\"is_dir\":true},{\"value\":\"src/main.rs\",\"is_dir\":false}]}}", answer);

        // Then a broadcast: B's next event must be it, proving the completions never reached B.
        a.Send("{\"method\":\"compact\"}");
        Assert.Equal("compact_start", Name(await b.ReadEventAsync()));
        var done = await b.ReadEventAsync();
        Assert.Equal("compact_done", Name(done));
        Assert.True(Guid.TryParse((string)done["data"]!["new_segment_id"]!, out _));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"method\":\"nope\"}")]
    [InlineData("{\"method\":\"cancel\",\"params\":{}}")]
    [InlineData("{\"method\":\"run\",\"params\":{\"input\":\"x\"}}")]
    [InlineData("[1,2]")]
    public async Task An_undecodable_method_gets_invalid_request_on_that_socket_only(string line)
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast);
        using var a = await ConnectAsync(pod.SocketPath);
        using var b = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(a);
        await ReadGreetingAsync(b);

        a.Send(line);
        var error = await a.ReadEventAsync();

        Assert.Equal("error", Name(error));
        Assert.Equal("invalid_request", (string)error["data"]!["code"]!);
        Assert.StartsWith("invalid method: ", (string)error["data"]!["message"]!);
        a.Send("{\"method\":\"compact\"}");
        Assert.Equal("compact_start", Name(await b.ReadEventAsync()));
        Assert.Equal(1, pod.ReceivedMethods.Count(m => m == line));
    }

    [Fact]
    public async Task Run_while_running_is_already_running_and_cancel_before_output_rolls_back()
    {
        // The model "thinks" for 30 s: no output can happen before the cancel.
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast with { ResponseLatency = TimeSpan.FromSeconds(30) });
        using var client = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(client);

        client.Send(RunHello);
        await client.ReadUntilAsync(e => Name(e) == "llm_call_start");
        client.Send(RunHello);
        var busy = await client.ReadEventAsync();
        Assert.Equal("{\"event\":\"error\",\"data\":{\"code\":\"already_running\",\"message\":\"Pod is already executing a turn\"}}", busy.ToString(Newtonsoft.Json.Formatting.None));

        client.Send("{\"method\":\"cancel\"}");
        Assert.Equal("rolled_back", (string)(await client.ReadEventAsync())["data"]!["result"]!);
        Assert.Equal("idle", (string)(await client.ReadEventAsync())["data"]!["status"]!);
        Assert.True(await client.QuietForAsync(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task Pause_before_output_rolls_back()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast with { ResponseLatency = TimeSpan.FromSeconds(30) });
        using var client = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(client);

        client.Send(RunHello);
        await client.ReadUntilAsync(e => Name(e) == "llm_call_start");
        client.Send("{\"method\":\"pause\"}");

        Assert.Equal(["run_end", "status"], (await client.ReadUntilAsync(e => Name(e) == "status")).Select(Name));
    }

    [Fact]
    public async Task Pause_after_output_then_resume_finishes_the_run()
    {
        // Slow events so the pause lands between two outputs.
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast with { EventDelay = TimeSpan.FromMilliseconds(150) });
        using var client = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(client);
        client.Send("{\"method\":\"resume\"}");
        Assert.Equal("{\"event\":\"error\",\"data\":{\"code\":\"not_paused\",\"message\":\"Pod is not paused\"}}", await client.ReadLineAsync());

        client.Send(RunHello);
        await client.ReadUntilAsync(e => Name(e) == "text_delta");
        client.Send("{\"method\":\"pause\"}");
        var paused = await client.ReadUntilAsync(e => Name(e) == "status");
        var tail = paused.SkipWhile(e => Name(e) != "turn_end").Select(e => e.ToString(Newtonsoft.Json.Formatting.None)).ToList();
        Assert.Equal(
            ["{\"event\":\"turn_end\",\"data\":{\"turn\":0,\"result\":\"paused\"}}", "{\"event\":\"run_end\",\"data\":{\"result\":\"paused\"}}", "{\"event\":\"status\",\"data\":{\"status\":\"paused\"}}"],
            tail);

        client.Send("{\"method\":\"cancel\"}");
        Assert.Equal("not_running", (string)(await client.ReadEventAsync())["data"]!["code"]!);
        client.Send("{\"method\":\"pause\"}");
        Assert.Equal("not_running", (string)(await client.ReadEventAsync())["data"]!["code"]!);

        client.Send("{\"method\":\"resume\"}");
        var resumed = await client.ReadUntilAsync(e => Name(e) == "status" && (string)e["data"]!["status"]! == "idle");
        Assert.Equal(["status", "turn_start", "llm_call_start", "text_delta", "text_done", "usage", "llm_call_end", "turn_end", "run_end", "status"], Compress(resumed));
        Assert.Equal("running", (string)resumed[0]["data"]!["status"]!);
        Assert.Equal(1, (int)resumed[1]["data"]!["turn"]!);
        Assert.Equal("finished", (string)resumed[^2]["data"]!["result"]!);
    }

    [Fact]
    public async Task Cancel_after_output_is_an_internal_error_without_run_end()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast with { EventDelay = TimeSpan.FromMilliseconds(150) });
        using var client = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(client);

        client.Send(RunHello);
        await client.ReadUntilAsync(e => Name(e) == "text_delta");
        client.Send("{\"method\":\"cancel\"}");
        var rest = await client.ReadUntilAsync(e => Name(e) == "status");

        Assert.DoesNotContain(rest, e => Name(e) is "run_end" or "turn_end");
        Assert.Equal("{\"event\":\"error\",\"data\":{\"code\":\"internal\",\"message\":\"Cancelled\"}}", rest[^2].ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal("idle", (string)rest[^1]["data"]!["status"]!);
        Assert.True(await client.QuietForAsync(TimeSpan.FromMilliseconds(400)), "no event of the cancelled run may follow");
    }

    [Fact]
    public async Task Cancel_or_pause_when_idle_is_not_running()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast);
        using var client = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(client);

        client.Send("{\"method\":\"cancel\"}");
        client.Send("{\"method\":\"pause\"}");

        const string NotRunning = "{\"event\":\"error\",\"data\":{\"code\":\"not_running\",\"message\":\"Pod is not running\"}}";
        Assert.Equal(NotRunning, await client.ReadLineAsync());
        Assert.Equal(NotRunning, await client.ReadLineAsync());
    }

    [Fact]
    public async Task Notify_on_an_idle_pod_runs_a_full_turn()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast);
        using var client = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(client);

        client.Send("{\"method\":\"notify\",\"params\":{\"message\":\"child done\"}}");
        var run = await ReadRunAsync(client);

        Assert.Equal("notify", (string)run.Single(e => Name(e) == "invoke_start")["data"]!["kind"]!);
        Assert.Equal("child done", (string)run.Single(e => Name(e) == "system_item")["data"]!["item"]!["message"]!);
        Assert.Equal("finished", (string)run[^2]["data"]!["result"]!);
    }

    [Fact]
    public async Task Shutdown_broadcasts_closes_connections_and_removes_the_socket_file()
    {
        var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast);
        await using (pod)
        {
            using var a = await ConnectAsync(pod.SocketPath);
            using var b = await ConnectAsync(pod.SocketPath);
            await ReadGreetingAsync(a);
            await ReadGreetingAsync(b);

            a.Send("{\"method\":\"shutdown\"}");

            Assert.Equal(["{\"event\":\"shutdown\"}"], await a.ReadToEndAsync());
            Assert.Equal(["{\"event\":\"shutdown\"}"], await b.ReadToEndAsync());
            await pod.Stopped.WaitAsync(Ceiling);
            Assert.False(File.Exists(pod.SocketPath));
            await pod.WaitForAsync(p => p.Open == 0, Ceiling);
            var refused = await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => ConnectAsync(pod.SocketPath));
            Assert.NotEqual(System.Net.Sockets.SocketError.Success, refused.SocketErrorCode);
        }

        Assert.Empty(pod.Faults);
    }

    [Fact]
    public async Task Half_close_by_the_client_closes_the_connection_and_counts_as_peer_closed()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast);
        using var client = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(client);
        await pod.WaitForAsync(p => p.Open == 1, Ceiling);

        client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        Assert.Empty(await client.ReadToEndAsync());
        await pod.WaitForAsync(p => p.PeerClosed == 1 && p.Open == 0, Ceiling);
        Assert.Equal(1, pod.Accepted);
    }

    [Fact]
    public async Task Closing_clients_count_as_peer_closed_and_open_returns_to_zero()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast);
        var clients = new List<RawClient>();
        for (var i = 0; i < 3; i++)
        {
            clients.Add(await ConnectAsync(pod.SocketPath));
        }

        await pod.WaitForAsync(p => p.Open == 3, Ceiling);
        clients[0].Send("{\"method\":\"list_pods\"}");
        await pod.WaitForAsync(p => p.MethodsReceived == 1, Ceiling);
        foreach (var c in clients)
        {
            c.Dispose();
        }

        await pod.WaitForAsync(p => p.PeerClosed == 3 && p.Open == 0, Ceiling);
        Assert.Equal(3, pod.Accepted);
        Assert.Equal(["{\"method\":\"list_pods\"}"], pod.ReceivedMethods);
    }

    [Fact]
    public async Task A_slow_reader_is_disconnected_without_an_error_event()
    {
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast with { OutboundQueueLimit = 16 });
        using var reader = await ConnectAsync(pod.SocketPath);
        using var sleeper = await ConnectAsync(pod.SocketPath);
        await ReadGreetingAsync(reader);
        await pod.WaitForAsync(p => p.Open == 2, Ceiling);

        // Each compact broadcasts 2 events. The reader keeps at most 12 events outstanding (below the limit);
        // the sleeper never reads, so its socket buffers and then its queue fill up.
        var batch = string.Concat(Enumerable.Repeat("{\"method\":\"compact\"}\n", 6));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (pod.SlowReaderDisconnects == 0)
        {
            Assert.True(clock.Elapsed < Ceiling, $"the sleeper was never dropped: {pod}");
            await reader.Socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(batch));
            for (var done = 0; done < 6;)
            {
                done += (await reader.ReadLineAsync())!.Contains("compact_done", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        Assert.Equal(1, pod.SlowReaderDisconnects);
        var seenBySleeper = await sleeper.ReadToEndAsync();
        Assert.DoesNotContain(seenBySleeper, l => l.Contains("\"event\":\"error\"", StringComparison.Ordinal));
        await pod.WaitForAsync(p => p.Open == 1, Ceiling);
    }

    [Fact]
    public async Task Every_event_line_has_the_shape_of_a_golden_line()
    {
        var golden = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "protocol", "events.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => (Name: Name(Parse(l)), Shape: Shape(Parse(l))))
            .ToLookup(g => g.Name, g => g.Shape);
        await using var pod = SimulatedPod.Start("p1", _dir.File("p.sock"), PodMode.Normal, Fast with { EventDelay = TimeSpan.FromMilliseconds(100) });
        using var client = await ConnectAsync(pod.SocketPath);
        var seen = await client.ReadUntilAsync(e => Name(e) == "snapshot");
        client.Send("{\"method\":\"run\",\"params\":{\"input\":[{\"kind\":\"text\",\"content\":\"tool\"}]}}");
        seen.AddRange(await client.ReadUntilAsync(e => Name(e) == "text_delta"));
        client.Send("{\"method\":\"pause\"}");
        seen.AddRange(await client.ReadUntilAsync(e => Name(e) == "status" && (string)e["data"]!["status"]! == "paused"));
        client.Send("{\"method\":\"resume\"}");
        seen.AddRange(await client.ReadUntilAsync(e => Name(e) == "text_delta"));
        client.Send("{\"method\":\"cancel\"}");
        seen.AddRange(await client.ReadUntilAsync(e => Name(e) == "status" && (string)e["data"]!["status"]! == "idle"));
        client.Send("{\"method\":\"notify\",\"params\":{\"message\":\"m\"}}");
        seen.AddRange(await ReadRunAsync(client));
        client.Send("{\"method\":\"run\",\"params\":{\"input\":[{\"kind\":\"text\",\"content\":\"tool\"}]}}");
        seen.AddRange(await ReadRunAsync(client));
        foreach (var method in new[]
        {
            "{\"method\":\"compact\"}", "{\"method\":\"list_completions\",\"params\":{\"kind\":\"workflow\",\"prefix\":\"\"}}",
            "{\"method\":\"list_rewind_targets\"}", "{\"method\":\"list_pods\"}", "{\"method\":\"resume\"}", "nope",
        })
        {
            client.Send(method);
        }

        seen.AddRange(await client.ReadUntilAsync(e => Name(e) == "error" && (string)e["data"]!["code"]! == "invalid_request"));
        client.Send("{\"method\":\"shutdown\"}");
        seen.AddRange((await client.ReadToEndAsync()).Select(Parse));

        var names = seen.Select(Name).Distinct().ToList();
        Assert.Superset(new HashSet<string> { "alert", "snapshot", "segment_rotated", "system_item", "tool_result", "usage", "completions", "rewind_targets", "pods_listed", "compact_done", "shutdown", "error" }, names.ToHashSet());
        foreach (var e in seen)
        {
            Assert.True(golden[Name(e)].Contains(Shape(e)), $"no golden line has the shape of {e.ToString(Newtonsoft.Json.Formatting.None)}");
        }
    }

    internal static async Task ReadGreetingAsync(RawClient client) => await client.ReadUntilAsync(e => Name(e) == "snapshot");

    /// <summary>Events up to the run's closing <c>status{idle}</c>.</summary>
    internal static Task<List<JObject>> ReadRunAsync(RawClient client) =>
        client.ReadUntilAsync(e => Name(e) == "status" && (string)e["data"]!["status"]! == "idle");

    /// <summary>Event names with runs of text_delta / tool_call_args_delta collapsed ("a few" of them).</summary>
    private static List<string> Compress(IEnumerable<JObject> events)
    {
        var names = new List<string>();
        foreach (var name in events.Select(Name))
        {
            if (names.Count == 0 || names[^1] != name || name is not ("text_delta" or "tool_call_args_delta"))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>Key order and value kinds, ignoring array contents: what serde's derive fixes for an event.</summary>
    private static string Shape(JToken token) => token switch
    {
        JObject o => "{" + string.Join(",", o.Properties().Select(p => p.Name + ":" + Shape(p.Value))) + "}",
        JArray => "[]",
        _ => token.Type.ToString(),
    };
}
