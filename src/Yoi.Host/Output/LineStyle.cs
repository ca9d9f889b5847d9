namespace Yoi.Host.Output;

/// <summary>How the panel colours one whole line (the text itself never carries escape sequences).</summary>
public enum LineStyle
{
    Plain,
    Header,
    Dim,
    Trouble,
    Warning,
}
