using Yoi.Host.Output;

namespace Yoi.Host.Commands;

/// <summary>Calls <paramref name="onQuit"/> when the user types <c>q</c> (a terminal's key, or a byte of redirected
/// stdin), and <paramref name="onScroll"/> for the arrow keys, PgUp/PgDn and Home/End of a terminal.</summary>
public static class KeyWatcher
{
    public static void Start(Action onQuit, Action<ScrollKey>? onScroll = null)
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
                        var key = Console.ReadKey(intercept: true);
                        if (ScrollOf(key.Key) is { } scroll)
                        {
                            onScroll?.Invoke(scroll);
                            continue;
                        }

                        c = key.KeyChar;
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

    private static ScrollKey? ScrollOf(ConsoleKey key) => key switch
    {
        ConsoleKey.UpArrow => ScrollKey.Up,
        ConsoleKey.DownArrow => ScrollKey.Down,
        ConsoleKey.PageUp => ScrollKey.PageUp,
        ConsoleKey.PageDown => ScrollKey.PageDown,
        ConsoleKey.Home => ScrollKey.Home,
        ConsoleKey.End => ScrollKey.End,
        _ => null,
    };
}
