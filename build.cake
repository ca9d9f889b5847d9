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

Task("Bench")
    .IsDependentOn("Build")
    .Does(() =>
{
    Information("Bench: the benchmark harness arrives with the benchmarks issue; nothing is measured yet.");
});

Task("Bench-Micro")
    .IsDependentOn("Build")
    .Does(() =>
{
    Information("Bench-Micro: the BenchmarkDotNet suite arrives with the benchmarks issue; nothing is measured yet.");
});

RunTarget(target);
