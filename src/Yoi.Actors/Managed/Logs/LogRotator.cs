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
            // Backups shift by renames over the older ones (the oldest goes that way), so none is ever missing but
            // .1, for the moment of the copy. The copy is made aside and renamed into place after the truncation, so
            // a reader never finds a half-written backup, and lines the child writes meanwhile are lost only in the
            // copy-to-truncate instant copytruncate always has.
            string? copy = null;
            if (backups > 0)
            {
                for (var i = backups - 1; i >= 1; i--)
                {
                    if (File.Exists(BackupPath(path, i)))
                        File.Move(BackupPath(path, i), BackupPath(path, i + 1), overwrite: true);
                }

                copy = path + ".rotating";
                File.Copy(path, copy, overwrite: true);
            }

            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                file.SetLength(0);
            if (copy is not null)
                File.Move(copy, BackupPath(path, 1), overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot rotate {path}: {e.Message}";
            return false;
        }
    }
}
