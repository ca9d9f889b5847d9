namespace Yoi.Host.Commands;

/// <summary>Calls <paramref name="onQuit"/> when the user types <c>q</c> (a terminal's key, or a byte of redirected stdin).</summary>
public static class KeyWatcher
{
    public static void Start(Action onQuit)
    {
        var thread = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    char c;
                    if (Console.IsInputRedirected)
                    {
                        var read = Console.In.Read();
                        if (read < 0) return;
                        c = (char)read;
                    }
                    else
                    {
                        c = Console.ReadKey(intercept: true).KeyChar;
                    }

                    if (c is 'q' or 'Q')
                    {
                        onQuit();
                        return;
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                // No usable input: Ctrl-C / SIGTERM still quit.
            }
        })
        {
            IsBackground = true,
            Name = "panel-keys",
        };
        thread.Start();
    }
}
