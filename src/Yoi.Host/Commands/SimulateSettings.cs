using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Yoi.Simulation;

namespace Yoi.Host.Commands;

public sealed class SimulateSettings : CommonSettings
{
    [CommandOption("--pods <N>")]
    [Description("How many pods (named sim-1 … sim-N)")]
    public int Pods { get; set; } = 3;

    [CommandOption("--one <NAME>")]
    [Description("Simulate one pod named NAME as the runtime runs one (the form a managed pod takes): register it, print the ready line on stderr, serve until SIGINT or a shutdown method, unregister")]
    public string? One { get; set; }

    [CommandOption("--mode <MODE>")]
    [Description("The mode of every pod: normal, silent, slow, partial-line, garbage, unknown-variants, huge-line, close-at-once, refused, missing, stale, flood")]
    public string Mode { get; set; } = "normal";

    [CommandOption("--mode-for <NAME=MODE>")]
    [Description("The mode of one pod (repeatable); a name outside sim-1 … sim-N adds that pod")]
    public string[] ModeFor { get; set; } = [];

    [CommandOption("--run-deltas <N>")]
    [Description("text_delta events per reply (more than 3: numbered d1 … dN); with --event-delay-ms 0 a burst")]
    public int RunDeltas { get; set; } = SimulationOptions.Default.RunDeltas;

    [CommandOption("--event-delay-ms <MS>")]
    [Description("Pause before each event of a run (0: each run in one burst)")]
    public int EventDelayMs { get; set; } = (int)SimulationOptions.Default.EventDelay.TotalMilliseconds;

    [CommandOption("--dialect <DIALECT>")]
    [Description("pod (the June runtime: pods.json, pod_name) or worker (the August runtime: workers.json, worker_name)")]
    public string Dialect { get; set; } = "pod";

    public SimulationOptions Options() => SimulationOptions.Default with
    {
        Dialect = Yoi.Actors.Protocol.DialectNames.TryParse(Dialect, out var dialect) ? dialect : Yoi.Actors.Protocol.Dialect.Pod,
        RunDeltas = RunDeltas,
        EventDelay = TimeSpan.FromMilliseconds(EventDelayMs),
        ResponseLatency = EventDelayMs == 0 ? TimeSpan.Zero : SimulationOptions.Default.ResponseLatency,
    };

    public override ValidationResult Validate()
    {
        if (RunDeltas < 1) return ValidationResult.Error("--run-deltas must be positive");
        if (EventDelayMs < 0) return ValidationResult.Error("--event-delay-ms must not be negative");
        if (!Yoi.Actors.Protocol.DialectNames.TryParse(Dialect, out _)) return ValidationResult.Error($"unknown dialect '{Dialect}': pod or worker");
        if (Pods < 0) return ValidationResult.Error("--pods must not be negative");
        if (!PodModes.TryParse(Mode, out _)) return ValidationResult.Error($"unknown mode '{Mode}'; valid modes: {PodModes.ValidNames}");
        foreach (var item in ModeFor)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) return ValidationResult.Error($"--mode-for takes NAME=MODE, got '{item}'");
            if (!PodModes.TryParse(item[(eq + 1)..], out _))
                return ValidationResult.Error($"unknown mode '{item[(eq + 1)..]}' in --mode-for; valid modes: {PodModes.ValidNames}");
        }

        if (One is not null && ModeFor.Length > 0) return ValidationResult.Error("--one simulates one pod: it takes --mode, not --mode-for");
        if (One is null && Pods == 0 && ModeFor.Length == 0) return ValidationResult.Error("nothing to simulate: give --pods N or --mode-for NAME=MODE");
        return ValidationResult.Success();
    }

    public IReadOnlyList<PodSpec> Specs()
    {
        var mode = PodModes.Parse(Mode);
        var specs = SimulatedFleet.Uniform(Pods, mode).ToList();
        foreach (var item in ModeFor)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var spec = new PodSpec(item[..eq], PodModes.Parse(item[(eq + 1)..]));
            var index = specs.FindIndex(s => s.Name == spec.Name);
            if (index >= 0) specs[index] = spec;
            else specs.Add(spec);
        }

        return specs;
    }
}
