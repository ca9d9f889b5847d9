namespace Yoi.Actors.Registry;

/// <summary>Where the Yoi runtime keeps its sockets and registry. CONTRACT STUB.</summary>
public static class RuntimeDirectory
{
    /// <summary><paramref name="overrideDir"/>, else $YOI_RUNTIME_DIR, else $YOI_HOME/run, else $XDG_RUNTIME_DIR/yoi, else $HOME/.yoi/run.</summary>
    public static string Resolve(string? overrideDir = null) => throw new NotImplementedException();
}
