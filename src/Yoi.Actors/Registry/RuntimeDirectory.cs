namespace Yoi.Actors.Registry;

/// <summary>Where the Yoi runtime keeps its sockets and registry; same order as the runtime's <c>paths::runtime_dir</c>.</summary>
public static class RuntimeDirectory
{
    /// <summary><paramref name="overrideDir"/>, else $YOI_RUNTIME_DIR, else $YOI_HOME/run, else $XDG_RUNTIME_DIR/yoi, else $HOME/.yoi/run.
    /// Empty values count as unset.</summary>
    /// <exception cref="RegistryException">None of them is set.</exception>
    public static string Resolve(string? overrideDir = null) => Resolve(overrideDir, Environment.GetEnvironmentVariable);

    internal static string Resolve(string? overrideDir, Func<string, string?> getEnv)
    {
        if (!string.IsNullOrEmpty(overrideDir))
            return overrideDir;
        if (Env("YOI_RUNTIME_DIR") is { } runtimeDir)
            return runtimeDir;
        if (Env("YOI_HOME") is { } yoiHome)
            return Path.Combine(yoiHome, "run");
        if (Env("XDG_RUNTIME_DIR") is { } xdg)
            return Path.Combine(xdg, "yoi");
        if (Env("HOME") is { } home)
            return Path.Combine(home, ".yoi", "run");
        throw new RegistryException("cannot resolve the runtime directory: none of --runtime-dir, YOI_RUNTIME_DIR, YOI_HOME, XDG_RUNTIME_DIR, HOME is set");

        string? Env(string name) => getEnv(name) is { Length: > 0 } value ? value : null;
    }
}
