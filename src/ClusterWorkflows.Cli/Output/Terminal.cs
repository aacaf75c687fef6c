using Spectre.Console;

namespace ClusterWorkflows.Cli.Output;

/// <summary>
/// The console as Spectre sees it. When output is redirected (CI, tests, pipes) lines must not be
/// wrapped at 80 columns and no colour codes are written.
/// </summary>
public static class Terminal
{
    public static bool Interactive => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CW_PLAIN") is null;

    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    public static IAnsiConsole Error { get; } = Create(Console.Error, Console.IsErrorRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 4096;
        }

        return console;
    }

    public static string Esc(string? text) => Markup.Escape(text ?? "");
}
