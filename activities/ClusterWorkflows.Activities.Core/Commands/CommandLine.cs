using System.Diagnostics;
using System.Text;

namespace ClusterWorkflows.Activities.Core.Commands;

internal static class CommandLine
{
    public const string ShellPath = "/bin/sh";

    public static ProcessStartInfo StartInfo(RunLocalCommandInput input, string? workingDirectory)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        if (input.Shell)
        {
            info.FileName = ShellPath;
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(input.Command);
            if (input.Args is { Length: > 0 })
            {
                // sh -c takes the next word as $0; the args then are $1, $2, ... and need no quoting.
                info.ArgumentList.Add("sh");
            }
        }
        else
        {
            info.FileName = input.Command;
        }

        foreach (var arg in input.Args ?? [])
        {
            info.ArgumentList.Add(arg);
        }

        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in input.Environment ?? [])
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>The command as an operator would type it, for the log.</summary>
    public static string Display(RunLocalCommandInput input)
    {
        var words = new List<string>();
        if (input.Shell)
        {
            words.AddRange(["sh", "-c"]);
        }

        words.Add(input.Command);
        words.AddRange(input.Args ?? []);
        return string.Join(' ', words.Select(Quote));
    }

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
