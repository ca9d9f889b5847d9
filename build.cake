// Build script: `dotnet tool restore && dotnet cake` runs the tests (the default target).
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var filter = Argument("filter", "");
var solution = "./Yoi.sln";
var testResults = MakeAbsolute(Directory("./artifacts/test-results"));

Task("Clean")
    .Does(() =>
{
    CleanDirectories("./src/**/bin");
    CleanDirectories("./src/**/obj");
    CleanDirectories("./tests/**/bin");
    CleanDirectories("./tests/**/obj");
    CleanDirectory("./artifacts");
});

Task("Restore")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .IsDependentOn("Restore")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    });
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    // Stale TRX files would be counted by .ci/run: start every run from an empty folder.
    CleanDirectory(testResults);
    var failures = new List<string>();
    foreach (var project in GetFiles("./tests/**/*.Tests.csproj"))
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                NoRestore = true,
                Filter = string.IsNullOrEmpty(filter) ? null : filter,
                ResultsDirectory = testResults,
                Loggers = new[] { $"trx;LogFileName={name}.trx", "console;verbosity=normal" },
            });
        }
        catch (Exception e)
        {
            // Run every test project before failing, so one report covers the whole suite.
            failures.Add($"{name}: {e.Message}");
        }
    }
    if (failures.Count > 0)
        throw new Exception("Tests failed:\n  " + string.Join("\n  ", failures));
});

// The supervisor to install, on its own in artifacts/publish: self-contained for this machine's runtime identifier, with
// the framework and the app ReadyToRun-compiled into one composite image. In one version bubble, the generic
// instantiations across assemblies (Akka.NET's over the app's types, the async state machines) are precompiled too:
// short commands JIT about a third of the methods the framework-dependent build does (README, performance notes).
var publishDir = MakeAbsolute(Directory("./artifacts/publish"));

Task("Publish")
    .Does(() =>
{
    DotNetPublish("./src/Yoi.Host/Yoi.Host.csproj", new DotNetPublishSettings
    {
        Configuration = "Release",
        SelfContained = true,
        OutputDirectory = publishDir,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("PublishReadyToRunComposite", "true"),
    });
    Information($"Publish: {publishDir}/yoi-supervisor");
});

// Benchmarks (tests/Yoi.Benchmarks, not run by Test): every scenario with quick defaults, product and baseline interleaved
// in the same run (attach-flood also through a `yoi-supervisor run` daemon of the build output, to a raw `watch` client); writes artifacts/bench/report.json and report.md. `--bench-args="--only probe-cycle,cli"` or
// e.g. `--bench-args="--soak-probes 1000000 --idle-seconds 60"` pass options through. The harness raises its own
// open-files soft limit to the hard limit (attach-scale holds 10,000 connections in each of two processes).
var benchBinary = $"./tests/Yoi.Benchmarks/bin/{configuration}/net10.0/Yoi.Benchmarks.dll";

Task("Bench")
    .IsDependentOn("Build")
    .IsDependentOn("Publish")
    .Does(() =>
{
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"{benchBinary} all {Argument("bench-args", "")}",
        WorkingDirectory = MakeAbsolute(Directory(".")),
    });
    Information("Bench: report in artifacts/bench/report.md (and report.json)");
    if (exit != 0)
        throw new Exception($"Bench: a scenario failed to run (exit {exit}); see artifacts/bench/report.md");
});

// BenchmarkDotNet micro benchmarks (codec, framer, JObject.Parse baseline), short in-process jobs; results under
// artifacts/bench/micro. `--bench-filter=*Codec*` narrows them.
Task("Bench-Micro")
    .IsDependentOn("Build")
    .Does(() =>
{
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"{benchBinary} micro --bdn -- --filter {Argument("bench-filter", "*")}",
        WorkingDirectory = MakeAbsolute(Directory(".")),
    });
    if (exit != 0)
        throw new Exception($"Bench-Micro failed (exit {exit})");
});

RunTarget(target);
