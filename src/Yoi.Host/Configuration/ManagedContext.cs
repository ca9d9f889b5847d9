namespace Yoi.Host.Configuration;

/// <summary>What resolving the <c>managed</c> section depends on besides the file: the supervisor's runtime directory
/// (<c>{runtime_dir}</c>), the directory relative paths are taken from, and the environment (<c>HOME</c>,
/// <c>XDG_STATE_HOME</c>).</summary>
public sealed record ManagedContext(string RuntimeDir, string ConfigDir, Func<string, string?> Environment)
{
    public static ManagedContext For(ConfigFile file, string runtimeDir) =>
        new(runtimeDir, file.Directory, System.Environment.GetEnvironmentVariable);
}
