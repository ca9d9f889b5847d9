using System.Runtime.InteropServices;

namespace Yoi.Actors.Managed.Native;

/// <summary>
/// Spawns a managed pod with posix_spawn(3): its own process group (pgid = pid), stdin /dev/null, stdout and stderr
/// opened by the child itself on the log files (O_WRONLY|O_APPEND|O_CREAT) — no pipe, so the pod's output has a home
/// that survives the supervisor — every other fd closed, default signal dispositions and an empty signal mask (the
/// .NET runtime ignores SIGPIPE and blocks some signals; a child must not inherit that).
/// glibc's posix_spawn reports an exec failure (ENOENT, EACCES, ENOEXEC) as its return value, so a command that cannot
/// run is known at once, not as a mysterious exit 127.
/// </summary>
public static unsafe class ProcessSpawner
{
    private static readonly int[] DefaultedSignals =
    [
        ManagedNative.SIGHUP, ManagedNative.SIGINT, ManagedNative.SIGQUIT, ManagedNative.SIGUSR1, ManagedNative.SIGUSR2,
        ManagedNative.SIGPIPE, ManagedNative.SIGALRM, ManagedNative.SIGTERM, ManagedNative.SIGCHLD, ManagedNative.SIGCONT,
        ManagedNative.SIGTSTP, ManagedNative.SIGTTIN, ManagedNative.SIGTTOU, ManagedNative.SIGWINCH,
    ];

    /// <summary>The executable <paramref name="command0"/> names: itself when it has a slash (relative to the child's
    /// working directory), else the first executable file of that name in <paramref name="path"/>. Null with the
    /// errno text when there is none.</summary>
    public static string? Resolve(string command0, string? cwd, string? path, out string? error)
    {
        error = null;
        if (command0.Length == 0)
        {
            error = "the command is empty";
            return null;
        }

        if (command0.Contains('/'))
            return cwd is not null && !Path.IsPathRooted(command0) ? Path.GetFullPath(Path.Combine(cwd, command0)) : Path.GetFullPath(command0);
        var denied = false;
        foreach (var dir in (path ?? "/usr/local/bin:/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.Combine(dir.Length == 0 ? "." : dir, command0);
            if (!File.Exists(candidate))
                continue;
            if (ManagedNative.Access(candidate, ManagedNative.X_OK) == 0)
                return Path.GetFullPath(candidate);
            denied = true;
        }

        error = ManagedNative.Describe(denied ? ManagedNative.EACCES : ManagedNative.ENOENT);
        return null;
    }

    public static SpawnResult Spawn(SpawnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Command.Count == 0)
            return SpawnResult.Failed("cannot execute: the command is empty");
        var shown = request.Command[0];
        if (request.Cwd is { } cwd && !Directory.Exists(cwd))
            return SpawnResult.Failed($"cannot start {shown}: the working directory {cwd} does not exist");
        request.Environment.TryGetValue("PATH", out var pathVar);
        var exe = Resolve(shown, request.Cwd, pathVar, out var resolveError);
        if (exe is null)
            return SpawnResult.Failed($"cannot execute {shown}: {resolveError}");

        var fileActions = NativeMemory.AllocZeroed(ManagedNative.OpaqueBytes);
        var attr = NativeMemory.AllocZeroed(ManagedNative.OpaqueBytes);
        var sigmask = NativeMemory.AllocZeroed(ManagedNative.OpaqueBytes);
        var sigdefault = NativeMemory.AllocZeroed(ManagedNative.OpaqueBytes);
        var strings = new List<nint>(request.Command.Count + request.Environment.Count);
        var argv = (nint*)NativeMemory.AllocZeroed((nuint)(request.Command.Count + 1), (nuint)sizeof(nint));
        var envp = (nint*)NativeMemory.AllocZeroed((nuint)(request.Environment.Count + 1), (nuint)sizeof(nint));
        var faInit = false;
        var attrInit = false;
        try
        {
            for (var i = 0; i < request.Command.Count; i++)
                strings.Add(argv[i] = Marshal.StringToCoTaskMemUTF8(request.Command[i]));
            var e = 0;
            foreach (var (key, value) in request.Environment)
                strings.Add(envp[e++] = Marshal.StringToCoTaskMemUTF8(key + "=" + value));

            Check(ManagedNative.FileActionsInit(fileActions), "posix_spawn_file_actions_init");
            faInit = true;
            Check(ManagedNative.FileActionsAddOpen(fileActions, 0, "/dev/null", ManagedNative.O_RDONLY, 0), "addopen stdin");
            const int logFlags = ManagedNative.O_WRONLY | ManagedNative.O_APPEND | ManagedNative.O_CREAT;
            Check(ManagedNative.FileActionsAddOpen(fileActions, 1, request.StdoutPath, logFlags, 0x180), "addopen stdout");
            Check(ManagedNative.FileActionsAddOpen(fileActions, 2, request.StderrPath, logFlags, 0x180), "addopen stderr");
            Check(ManagedNative.FileActionsAddCloseFrom(fileActions, 3), "addclosefrom");
            if (request.Cwd is not null)
                Check(ManagedNative.FileActionsAddChdir(fileActions, request.Cwd), "addchdir");

            Check(ManagedNative.AttrInit(attr), "posix_spawnattr_init");
            attrInit = true;
            Check(ManagedNative.AttrSetFlags(attr, ManagedNative.POSIX_SPAWN_SETPGROUP | ManagedNative.POSIX_SPAWN_SETSIGMASK | ManagedNative.POSIX_SPAWN_SETSIGDEF), "setflags");
            Check(ManagedNative.AttrSetPgroup(attr, 0), "setpgroup");
            ManagedNative.SigEmptySet(sigmask);
            Check(ManagedNative.AttrSetSigMask(attr, sigmask), "setsigmask");
            ManagedNative.SigEmptySet(sigdefault);
            foreach (var signal in DefaultedSignals)
                ManagedNative.SigAddSet(sigdefault, signal);
            Check(ManagedNative.AttrSetSigDefault(attr, sigdefault), "setsigdefault");

            var rc = ManagedNative.PosixSpawn(out var pid, exe, fileActions, attr, argv, envp);
            if (rc != 0)
                return SpawnResult.Failed($"cannot execute {shown}: {ManagedNative.Describe(rc)}");
            return new SpawnResult(ManagedProcess.OfChild(pid), null);
        }
        catch (SpawnSetupException failed)
        {
            return SpawnResult.Failed($"cannot start {shown}: {failed.Message}");
        }
        finally
        {
            if (faInit)
                ManagedNative.FileActionsDestroy(fileActions);
            if (attrInit)
                ManagedNative.AttrDestroy(attr);
            foreach (var s in strings)
                Marshal.FreeCoTaskMem(s);
            NativeMemory.Free(argv);
            NativeMemory.Free(envp);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(attr);
            NativeMemory.Free(sigmask);
            NativeMemory.Free(sigdefault);
        }
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0)
            throw new SpawnSetupException($"{what}: {ManagedNative.Describe(rc)}");
    }

    private sealed class SpawnSetupException(string message) : Exception(message);
}
