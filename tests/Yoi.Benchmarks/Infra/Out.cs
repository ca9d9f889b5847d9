using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yoi.Benchmarks.Infra;

/// <summary>Stdout is for JSON lines only (one per run); progress goes to stderr.</summary>
public static class Out
{
    private static readonly object Gate = new();

    public static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Line(JsonObject line)
    {
        var text = line.ToJsonString(Compact);
        lock (Gate)
        {
            Console.Out.WriteLine(text);
            Console.Out.Flush();
        }
    }

    public static void Log(string message)
    {
        lock (Gate)
            Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
    }
}

public static class Repo
{
    /// <summary>The repository root: the nearest folder above this binary (or the working directory) holding Yoi.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string ArtifactsDir => Path.Combine(Root, "artifacts", "bench");

    /// <summary>The host's build output: the apphost <c>yoi-supervisor</c> when it exists, else the dll through <c>dotnet</c>.</summary>
    public static (string File, string[] Prefix)? HostCommand()
    {
        foreach (var config in new[] { "Release", "Debug" })
        {
            var dir = Path.Combine(Root, "src", "Yoi.Host", "bin", config, "net10.0");
            var exe = Path.Combine(dir, "yoi-supervisor");
            if (File.Exists(exe))
                return (exe, []);
            var dll = Path.Combine(dir, "yoi-supervisor.dll");
            if (File.Exists(dll))
                return (DotNet, [dll]);
        }

        return null;
    }

    /// <summary>The installable supervisor of the Publish target (ReadyToRun), when it has been published.</summary>
    public static (string File, string[] Prefix)? PublishedHostCommand()
    {
        var exe = Path.Combine(Root, "artifacts", "publish", "yoi-supervisor");
        return File.Exists(exe) ? (exe, []) : null;
    }

    /// <summary>The start-up baseline: the hello-world console of tests/Yoi.Hello (built with the solution).</summary>
    public static (string File, string[] Prefix)? HelloCommand()
    {
        foreach (var config in new[] { "Release", "Debug" })
        {
            var exe = Path.Combine(Root, "tests", "Yoi.Hello", "bin", config, "net10.0", "Yoi.Hello");
            if (File.Exists(exe))
                return (exe, []);
        }

        return null;
    }

    /// <summary>This benchmark binary, to run one of its sub-commands as a child process.</summary>
    public static (string File, string[] Prefix) SelfCommand()
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "Yoi.Benchmarks");
        if (File.Exists(exe))
            return (exe, []);
        return (DotNet, [Path.Combine(AppContext.BaseDirectory, "Yoi.Benchmarks.dll")]);
    }

    public static string DotNet => Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    public static string Commit()
    {
        var sha = Run("git", "rev-parse --short HEAD") ?? "unknown";
        var dirty = Run("git", "status --porcelain --untracked-files=no");
        return string.IsNullOrWhiteSpace(dirty) ? sha : sha + "-dirty";
    }

    public static string Branch() => Run("git", "rev-parse --abbrev-ref HEAD") ?? "unknown";

    public static string? Run(string file, string args)
    {
        try
        {
            var psi = new ProcessStartInfo(file, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Root,
            };
            using var p = Process.Start(psi)!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? text.Trim() : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }

    public static JsonObject Machine()
    {
        string cpu = "unknown";
        long memKib = 0;
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?
                .Split(':', 2)[1].Trim() ?? cpu;
            var mem = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            memKib = long.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }

        return new JsonObject
        {
            ["nproc"] = Environment.ProcessorCount,
            ["cpu"] = cpu,
            ["memory_gib"] = Math.Round(memKib / 1024.0 / 1024.0, 1),
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["os"] = RuntimeInformation.OSDescription,
            ["fd_limit"] = (long)ProcInfo.RaiseFdLimit(0).Soft,
        };
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Yoi.sln")))
                    return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
