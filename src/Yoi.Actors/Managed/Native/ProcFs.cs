using System.Text;

namespace Yoi.Actors.Managed.Native;

/// <summary>What /proc says about a process: its argv, its state letter, parent, process group and start time.</summary>
public static class ProcFs
{
    /// <summary>The argv as /proc/&lt;pid&gt;/cmdline holds it (NUL-separated), or null when it cannot be read (gone,
    /// or a zombie: an empty cmdline).</summary>
    public static IReadOnlyList<string>? CommandLine(int pid)
    {
        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid}/cmdline");
            if (bytes.Length == 0)
                return null;
            var end = bytes[^1] == 0 ? bytes.Length - 1 : bytes.Length;
            return Encoding.UTF8.GetString(bytes, 0, end).Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The fields of /proc/&lt;pid&gt;/stat after the command name: state letter, ppid, pgrp, and starttime
    /// (clock ticks after boot). Null when the process is gone.</summary>
    public static (char State, int Ppid, int Pgrp, long StartTicks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name is in parentheses and may itself hold spaces and parentheses: the last ')' ends it.
        var close = text.LastIndexOf(')');
        if (close < 0)
            return null;
        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 20)
            return null;
        return (fields[0][0], int.Parse(fields[1]), int.Parse(fields[2]), long.Parse(fields[19]));
    }

    /// <summary>When the process started, from its start time in ticks after boot (USER_HZ is 100 on Linux).</summary>
    public static DateTimeOffset? StartedAt(int pid)
    {
        if (Stat(pid) is not { } stat)
            return null;
        try
        {
            var btime = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("btime ", StringComparison.Ordinal));
            if (btime is null)
                return null;
            return DateTimeOffset.FromUnixTimeSeconds(long.Parse(btime[6..].Trim())).AddSeconds(stat.StartTicks / 100.0);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The pids whose process group is <paramref name="pgid"/> and that are not zombies (a zombie is an ended
    /// process its parent has not reaped: not ours once it was reparented).</summary>
    public static IReadOnlyList<int> LiveMembersOf(int pgid)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            if (Stat(pid) is { } stat && stat.Pgrp == pgid && stat.State != 'Z' && stat.State != 'X')
                members.Add(pid);
        }

        return members;
    }

    /// <summary>Whether the live process <paramref name="pid"/> runs <paramref name="command"/>: its argv after the
    /// first is the same, and its argv[0] is the same text, or names the same file once resolved (a command given as
    /// <c>yoi</c> runs as <c>/usr/bin/yoi</c>), or /proc/&lt;pid&gt;/exe is that file.</summary>
    public static bool RunsCommand(int pid, IReadOnlyList<string> command, string? cwd, string? path)
    {
        if (command.Count == 0 || CommandLine(pid) is not { } argv || argv.Count != command.Count)
            return false;
        for (var i = 1; i < argv.Count; i++)
        {
            if (argv[i] != command[i])
                return false;
        }

        if (argv[0] == command[0])
            return true;
        if (ProcessSpawner.Resolve(command[0], cwd, path, out _) is not { } wanted)
            return false;
        wanted = RealPath(wanted);
        if (argv[0].Contains('/') && RealPath(argv[0]) == wanted)
            return true;
        try
        {
            return new FileInfo($"/proc/{pid}/exe").ResolveLinkTarget(returnFinalTarget: true)?.FullName == wanted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string RealPath(string file)
    {
        try
        {
            return new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(file);
        }
        catch (IOException)
        {
            return Path.GetFullPath(file);
        }
    }
}
