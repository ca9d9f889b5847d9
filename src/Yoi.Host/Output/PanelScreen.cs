using System.Runtime.InteropServices;

namespace Yoi.Host.Output;

/// <summary>The live panel on the terminal: the last report, the scroll offset, and the renderer. Reports (from the
/// stream), scroll keys (from the key thread) and a resized terminal (SIGWINCH) all redraw, one at a time.</summary>
public sealed class PanelScreen : IDisposable
{
    private readonly string _runtimeDir;
    private readonly bool _throughDaemon;
    private readonly PosixSignalRegistration _resize;
    private readonly Lock _gate = new();
    private readonly PanelRenderer _renderer = new(Console.Out, string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));
    private FleetReport? _report;
    private PanelFrame? _frame;
    private int _scroll;
    private bool _open;

    public PanelScreen(string runtimeDir, bool throughDaemon)
    {
        _runtimeDir = runtimeDir;
        _throughDaemon = throughDaemon;
        _resize = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => Resized());
    }

    private void Resized()
    {
        lock (_gate)
        {
            if (_open) Redraw();
        }
    }

    public void Show(FleetReport report)
    {
        lock (_gate)
        {
            _report = report;
            Redraw();
        }
    }

    public void Scroll(ScrollKey key)
    {
        lock (_gate)
        {
            var page = Math.Max(1, (_frame?.Lines.Count ?? 1) - 5);
            _scroll = key switch
            {
                ScrollKey.Up => _scroll - 1,
                ScrollKey.Down => _scroll + 1,
                ScrollKey.PageUp => _scroll - page,
                ScrollKey.PageDown => _scroll + page,
                ScrollKey.Home => 0,
                _ => _frame?.MaxScroll ?? 0,
            };
            if (_frame is not null) _scroll = Math.Clamp(_scroll, 0, _frame.MaxScroll);
            Redraw();
        }
    }

    private void Redraw()
    {
        if (!_open)
        {
            _renderer.Open();
            _open = true;
        }

        var (width, height) = Size();
        _frame = _report is null
            ? PanelLayout.Waiting(_runtimeDir, width)
            : PanelLayout.Lay(_report, _runtimeDir, _throughDaemon, width, height, _scroll);
        _scroll = _frame.Scroll;
        _renderer.Draw(_frame, width, height);
    }

    public void Dispose()
    {
        _resize.Dispose();
        lock (_gate)
        {
            if (!_open) return;
            _open = false;
            _renderer.Close();
        }

        // The last frame stays readable after the panel ends, as a plain table would.
        if (_frame is not null)
            foreach (var line in _frame.Lines) Console.Out.WriteLine(line.Text);
    }

    private static (int Width, int Height) Size()
    {
        try
        {
            return (Math.Max(Console.WindowWidth, 20), Math.Max(Console.WindowHeight, 3));
        }
        catch (IOException)
        {
            return (120, 40);
        }
    }
}
