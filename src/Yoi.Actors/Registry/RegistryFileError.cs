namespace Yoi.Actors.Registry;

/// <summary>One registry file could not be read; <paramref name="Message"/> names the file and the cause. When
/// <paramref name="ShowingLastGood"/> the snapshot holds that file's rows as last read successfully.</summary>
public sealed record RegistryFileError(RegistryFlavor Flavor, string Path, string Message, bool ShowingLastGood)
{
    public override string ToString() => ShowingLastGood ? $"{Message} (showing its last good content)" : Message;
}
