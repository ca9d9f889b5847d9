using System.Globalization;
using System.Text;

namespace Yoi.Host.Output;

/// <summary>Draws <see cref="PanelFrame"/>s on an ANSI terminal, rewriting only the lines that differ from the last
/// frame (cursor addressing; one write per frame). A new terminal size redraws everything.</summary>
public sealed class PanelRenderer(TextWriter output, bool colour)
{
    private PanelLine?[] _shown = [];
    private (int Width, int Height) _size;

    /// <summary>The lines written by the last <see cref="Draw"/> (for tests and measurements).</summary>
    public int LastLinesWritten { get; private set; }

    /// <summary>Switches to the alternate screen, hides the cursor and turns line wrap off (a line of wide characters
    /// that is longer on screen than counted is clipped, never wrapped onto the next row).</summary>
    public void Open()
    {
        output.Write("\e[?1049h\e[?25l\e[?7l\e[2J");
        output.Flush();
    }

    /// <summary>Leaves the alternate screen; cursor and line wrap back on.</summary>
    public void Close()
    {
        output.Write("\e[0m\e[?7h\e[?25h\e[?1049l");
        output.Flush();
    }

    public void Draw(PanelFrame frame, int width, int height)
    {
        var b = new StringBuilder();
        if ((width, height) != _size)
        {
            _size = (width, height);
            _shown = new PanelLine?[height];
            b.Append("\e[2J");
        }

        var written = 0;
        for (var row = 0; row < _shown.Length; row++)
        {
            var line = row < frame.Lines.Count ? frame.Lines[row] : null;
            if (line == _shown[row]) continue;
            _shown[row] = line;
            written++;
            b.Append(CultureInfo.InvariantCulture, $"\e[{row + 1};1H");
            if (line is not null)
            {
                var sgr = colour ? Sgr(line.Style) : "";
                b.Append(sgr).Append(line.Text);
                if (sgr.Length > 0) b.Append("\e[0m");
            }

            b.Append("\e[K");
        }

        LastLinesWritten = written;
        if (b.Length == 0) return;
        output.Write(b.ToString());
        output.Flush();
    }

    private static string Sgr(LineStyle style) => style switch
    {
        LineStyle.Header => "\e[1m",
        LineStyle.Dim => "\e[2m",
        LineStyle.Trouble => "\e[31m",
        LineStyle.Warning => "\e[33m",
        _ => "",
    };
}
