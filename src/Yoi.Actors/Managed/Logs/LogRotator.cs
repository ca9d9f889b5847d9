namespace Yoi.Actors.Managed.Logs;

/// <summary>
/// Size rotation of a log file a child appends to through its own O_APPEND descriptor: copy, then truncate
/// (logrotate's copytruncate). Renaming the file would not redirect the child — it would go on writing to the renamed
/// file — so the content is copied to <c>&lt;file&gt;.1</c> (older backups shifted to <c>.2</c> … up to the number
/// kept, the oldest deleted) and the file is truncated to 0 in place; the child's next append lands at offset 0.
/// The window: what the child writes between the end of the copy and the truncation is lost (a few lines at most;
/// the copy of a 10 MiB file takes milliseconds).
/// </summary>
public static class LogRotator
{
    public static string BackupPath(string path, int index) => $"{path}.{index}";

    /// <summary>Rotates <paramref name="path"/> when it has reached <paramref name="maxBytes"/>; true when it did.
    /// I/O errors are returned as <paramref name="error"/> (a full disk must not stop the supervision).</summary>
    public static bool RotateIfDue(string path, long maxBytes, int backups, out string? error)
    {
        error = null;
        if (maxBytes <= 0 || LogTail.LengthOf(path) < maxBytes)
            return false;
        try
        {
            if (backups > 0)
            {
                File.Delete(BackupPath(path, backups));
                for (var i = backups - 1; i >= 1; i--)
                {
                    if (File.Exists(BackupPath(path, i)))
                        File.Move(BackupPath(path, i), BackupPath(path, i + 1), overwrite: true);
                }

                File.Copy(path, BackupPath(path, 1), overwrite: true);
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            file.SetLength(0);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot rotate {path}: {e.Message}";
            return false;
        }
    }
}
