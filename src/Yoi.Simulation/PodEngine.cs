namespace Yoi.Simulation;

/// <summary>
/// The conversational state of a pod (idle/running/paused, the current run) and its broadcast list.
/// One lock orders everything a pod writes: greeting + subscribe, every run event, cancel/pause, so every
/// client sees the same sequence and nothing slips between a snapshot and the live events.
/// Given what it uses at construction; it tells the pod only that a <c>shutdown</c> method arrived.
/// </summary>
internal sealed class PodEngine(string podName, SimulationOptions options, long startedAtMs, TaskTracker tasks, CancellationToken stopping, Action beginShutdown)
{
    private static readonly (string Kind, string Value, bool IsDir)[] CompletionTable =
    [
        ("file", "README.md", false),
        ("file", "src/ipc", true),
        ("file", "src/main.rs", false),
        ("knowledge", "architecture", false),
        ("knowledge", "glossary", false),
        ("workflow", "clear", false),
        ("workflow", "commit", false),
        ("workflow", "compact", false),
    ];

    private readonly object _gate = new();
    private SimConnection[] _subscribers = [];
    private string _status = "idle";
    private Run? _run;
    private bool _fresh = true;
    private bool _shuttingDown;
    private int _llmCalls;
    private int _toolCalls;
    private long _contextTokens;

    /// <summary>Queues prelude, alerts and one snapshot, then subscribes — atomically with respect to broadcasts.</summary>
    public void Greet(SimConnection connection, IReadOnlyList<byte[]> prelude)
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                connection.CloseAfterDrain();
                return;
            }

            var ok = true;
            foreach (var line in prelude)
            {
                ok &= connection.TryEnqueue(line);
            }

            for (var i = 1; i <= options.AlertsOnConnect; i++)
            {
                ok &= connection.TryEnqueue(SimWire.Line(SimWire.Alert(podName, i, startedAtMs, options.Worker)));
            }

            ok &= connection.TryEnqueue(SimWire.Line(SimWire.Snapshot(podName, options.Cwd, _status, _contextTokens, options.Worker)));
            if (ok)
            {
                _subscribers = [.. _subscribers, connection];
            }
        }
    }

    public void Unsubscribe(SimConnection connection)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(c => c != connection)];
        }
    }

    // The runtime's error texts name its generation's noun.
    private string Noun => options.Worker ? "Worker" : "Pod";

    public void Handle(SimConnection asker, string line)
    {
        var error = SimMethod.TryParse(line, out var method);
        if (method is null)
        {
            asker.TryEnqueue(SimWire.Line(SimWire.Error("invalid_request", "invalid method: " + error)));
            return;
        }

        if (options.Worker && method.Name == "list_completions" && method.StringParam("kind") != "file")
        {
            // The worker dialect completes files only.
            asker.TryEnqueue(SimWire.Line(SimWire.Error("invalid_request", "invalid method: unknown variant `" + method.StringParam("kind") + "`, expected `file`")));
            return;
        }

        switch (method.Name)
        {
            case "run":
                StartRun(asker, "user_send", SimWire.UserMessage(method.SegmentsJson), method.Text.Contains("tool", StringComparison.OrdinalIgnoreCase));
                break;
            case "notify":
                Notify(asker, method.Text);
                break;
            case "cancel":
                Stop(asker, pause: false);
                break;
            case "pause":
                Stop(asker, pause: true);
                break;
            case "resume":
                Resume(asker);
                break;
            case "compact":
                Compact(asker);
                break;
            case "list_completions":
                var kind = method.StringParam("kind");
                var prefix = method.StringParam("prefix");
                asker.TryEnqueue(SimWire.Line(SimWire.Completions(kind,
                    CompletionTable.Where(e => e.Kind == kind && e.Value.StartsWith(prefix, StringComparison.Ordinal)).Select(e => (e.Value, e.IsDir)))));
                break;
            case "list_rewind_targets":
                asker.TryEnqueue(SimWire.Line(SimWire.RewindTargetsEmpty));
                break;
            case "list_pods" when !options.Worker:
                asker.TryEnqueue(SimWire.Line(SimWire.PodsListedEmpty));
                break;
            case "list_workers" when options.Worker:
                asker.TryEnqueue(SimWire.Line(SimWire.WorkersListedEmpty));
                break;
            case "list_pods" or "pod_event" or "restore_pod" when options.Worker:
            case "list_workers" or "worker_event" or "restore_worker" when !options.Worker:
                // The other generation's method: serde knows no such variant.
                asker.TryEnqueue(SimWire.Line(SimWire.Error("invalid_request", $"invalid method: unknown variant `{method.Name}`")));
                break;
            case "shutdown":
                Shutdown();
                break;
            default:
                // pod_event, rewind_to, restore_pod, register_peer: accepted and ignored by the simulator.
                break;
        }
    }

    private void StartRun(SimConnection asker, string invokeKind, string inputLine, bool withTool)
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            if (_status == "running")
            {
                asker.TryEnqueue(SimWire.Line(SimWire.Error("already_running", Noun + " is already executing a turn")));
                return;
            }

            // A new run replaces a paused one.
            _run?.Drive?.Cancel();
            var steps = new List<Step>();
            if (_fresh)
            {
                steps.Add(new Step(SimWire.SegmentRotated(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
                _fresh = false;
            }

            steps.Add(new Step(SimWire.InvokeStart(invokeKind)));
            steps.Add(new Step(inputLine));
            AppendTurn(steps, 0, withTool);
            if (withTool)
            {
                AppendTurn(steps, 1, withTool: false);
            }

            _run = new Run();
            BeginDriveLocked(_run, steps);
        }
    }

    private void Notify(SimConnection asker, string message)
    {
        lock (_gate)
        {
            if (_status == "idle")
            {
                StartRun(asker, "notify", SimWire.Notification(message), withTool: false);
            }
            else
            {
                // A busy pod only records the notification; the running turn continues.
                BroadcastLocked(SimWire.Notification(message));
            }
        }
    }

    private void Stop(SimConnection asker, bool pause)
    {
        lock (_gate)
        {
            if (_status != "running" || _run is null)
            {
                asker.TryEnqueue(SimWire.Line(SimWire.Error("not_running", Noun + " is not running")));
                return;
            }

            _run.Drive?.Cancel();
            if (!_run.HadOutput)
            {
                BroadcastLocked(SimWire.RunEnd("rolled_back"));
                EndRunLocked();
            }
            else if (pause)
            {
                BroadcastLocked(SimWire.TurnEnd(_run.Turn, "paused"));
                BroadcastLocked(SimWire.RunEnd("paused"));
                _status = "paused";
                BroadcastLocked(SimWire.Status("paused"));
            }
            else
            {
                BroadcastLocked(SimWire.Error("internal", "Cancelled"));
                EndRunLocked();
            }
        }
    }

    private void Resume(SimConnection asker)
    {
        lock (_gate)
        {
            if (_status != "paused" || _run is null)
            {
                asker.TryEnqueue(SimWire.Line(SimWire.Error("not_paused", Noun + " is not paused")));
                return;
            }

            var steps = new List<Step>();
            AppendTurn(steps, _run.Turn + 1, withTool: false);
            BeginDriveLocked(_run, steps);
        }
    }

    private void Compact(SimConnection asker)
    {
        lock (_gate)
        {
            if (_status == "running")
            {
                asker.TryEnqueue(SimWire.Line(SimWire.Error("already_running", Noun + " is already executing a turn")));
                return;
            }

            BroadcastLocked(SimWire.CompactStart);
            BroadcastLocked(SimWire.CompactDone(Guid.CreateVersion7()));
            _contextTokens = 0;
        }
    }

    private void Shutdown()
    {
        SimConnection[] subscribers;
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            _shuttingDown = true;
            _run?.Drive?.Cancel();
            BroadcastLocked(SimWire.ShutdownEvent);
            subscribers = _subscribers;
            _subscribers = [];
        }

        foreach (var connection in subscribers)
        {
            connection.CloseAfterDrain();
        }

        beginShutdown();
    }

    private void AppendTurn(List<Step> steps, int turn, bool withTool)
    {
        var call = ++_llmCalls;
        string[] deltas = withTool ? ["Let me ", "look that ", "up."]
            : options.RunDeltas > 3 ? Enumerable.Range(1, options.RunDeltas).Select(i => $"d{i} ").ToArray()
            : ["Simulated ", "reply from ", podName + "."];
        steps.Add(new Step(SimWire.TurnStart(turn), TurnStarted: turn));
        steps.Add(new Step(SimWire.LlmCallStart(call)));
        for (var i = 0; i < deltas.Length; i++)
        {
            steps.Add(new Step(SimWire.TextDelta(deltas[i]), IsOutput: true, Latency: i == 0));
        }

        steps.Add(new Step(SimWire.TextDone(string.Concat(deltas))));
        string? toolId = null;
        if (withTool)
        {
            toolId = "call_" + SimWire.Num(++_toolCalls);
            steps.Add(new Step(SimWire.ToolCallStart(toolId, "Read")));
            steps.Add(new Step(SimWire.ToolCallArgsDelta(toolId, "{\"path\":")));
            steps.Add(new Step(SimWire.ToolCallArgsDelta(toolId, "\"README.md\"}")));
            steps.Add(new Step(SimWire.ToolCallDone(toolId, "Read", "{\"path\":\"README.md\"}")));
        }

        steps.Add(new Step(SimWire.Usage(1000 + (turn * 100), 20)));
        steps.Add(new Step(SimWire.LlmCallEnd(call)));
        if (toolId is not null)
        {
            steps.Add(new Step(SimWire.ToolResult(toolId, "Read 42 bytes", "# Simulated README")));
        }

        steps.Add(new Step(SimWire.TurnEnd(turn, "finished")));
    }

    private void BeginDriveLocked(Run run, List<Step> steps)
    {
        _status = "running";
        BroadcastLocked(SimWire.Status("running"));
        var drive = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        run.Drive = drive;
        if (!tasks.Run(() => DriveAsync(run, drive, steps)))
        {
            drive.Dispose();
        }
    }

    /// <summary>Plays the steps with their delays; every event is checked against cancellation under the lock, so none leaks after cancel/pause.</summary>
    private const int BurstGroup = 128;

    private async Task DriveAsync(Run run, CancellationTokenSource drive, List<Step> steps)
    {
        var token = drive.Token;
        var burst = 0;
        try
        {
            foreach (var step in steps)
            {
                var delay = options.EventDelay + (step.Latency ? options.ResponseLatency : TimeSpan.Zero);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, token).ConfigureAwait(false);
                }
                else if (++burst % BurstGroup == 0)
                {
                    // "As fast as it can", at a pod's pace: groups of events with a 1 ms pause between them, about
                    // 50,000 events/s (the runtime streamed 50k deltas to a plain reader in 1.3 s). An engine with no
                    // pause at all would outrun any reader and drop it at its 256-event queue, which no pod does.
                    await Task.Delay(1, token).ConfigureAwait(false);
                }

                lock (_gate)
                {
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }

                    BroadcastLocked(step.Line);
                    run.HadOutput |= step.IsOutput;
                    if (step.TurnStarted is { } turn)
                    {
                        run.Turn = turn;
                    }
                }
            }

            lock (_gate)
            {
                if (token.IsCancellationRequested)
                {
                    return;
                }

                _contextTokens += 1020;
                BroadcastLocked(SimWire.RunEnd("finished"));
                EndRunLocked();
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled by cancel/pause/shutdown/dispose: whoever cancelled wrote the closing events.
        }
        finally
        {
            lock (_gate)
            {
                drive.Dispose();
                if (run.Drive == drive)
                {
                    run.Drive = null;
                }
            }
        }
    }

    private void EndRunLocked()
    {
        _run = null;
        _status = "idle";
        BroadcastLocked(SimWire.Status("idle"));
    }

    private void BroadcastLocked(string json)
    {
        var line = SimWire.Line(json);
        foreach (var connection in _subscribers)
        {
            // A full queue aborts that connection (slow reader); its own cleanup unsubscribes it.
            connection.TryEnqueue(line);
        }
    }

    private readonly record struct Step(string Line, bool IsOutput = false, bool Latency = false, int? TurnStarted = null);

    private sealed class Run
    {
        public int Turn { get; set; }

        public bool HadOutput { get; set; }

        /// <summary>The task playing the run's current steps; null while paused or finished.</summary>
        public CancellationTokenSource? Drive { get; set; }
    }
}
