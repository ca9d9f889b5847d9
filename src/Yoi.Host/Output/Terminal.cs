using Spectre.Console;

namespace Yoi.Host.Output;

/// <summary>The consoles of the CLI: colours and ANSI only on a terminal (and never with NO_COLOR).</summary>
public static class Terminal
{
    private static readonly Lazy<IAnsiConsole> LazyOut = new(() => Create(Console.Out, Console.IsOutputRedirected));
    private static readonly Lazy<IAnsiConsole> LazyError = new(() => Create(Console.Error, Console.IsErrorRedirected));

    public static IAnsiConsole Out => LazyOut.Value;

    public static IAnsiConsole Error => LazyError.Value;

    public static bool OutIsTerminal => !Console.IsOutputRedirected;

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var colour = !redirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(writer),
        });
        if (redirected) console.Profile.Width = 160;
        return console;
    }
}
