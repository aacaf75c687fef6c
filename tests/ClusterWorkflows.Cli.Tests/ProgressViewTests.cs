using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ClusterWorkflows.Cli.Tests;

/// <summary>
/// A long step's progress in <c>cw run</c>: the live view's bar on a real pseudo-terminal (util-linux
/// <c>script</c>), and the throttled text line with CW_PLAIN. The drill would take a minute: each test
/// looks for the progress while the step runs, then kills the process group it started.
/// </summary>
public sealed partial class ProgressViewTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly CwHome home = new();

    public void Dispose() => home.Dispose();

    private string Runbook() => home.Write("progress.yaml", """
        id: progress
        version: 1
        steps:
          - id: copy
            uses: core.progressDrill@1
            with: { total: 600, interval: 100ms, unit: items }
        """);

    [Fact]
    public async Task Run_OnAPseudoTerminal_ShowsABarWithRateAndEtaWhileTheStepRuns()
    {
        var psi = home.StartInfo("run", Runbook());
        var command = string.Join(' ', psi.ArgumentList.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        psi.ArgumentList.Clear();
        // setsid (the process group to kill) -> script (the pty) -> a wide terminal -> cw run, not plain.
        foreach (var arg in new[] { "script", "-q", "-f", "-c", $"stty cols 200 rows 40; exec {command}", "/dev/null" })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment.Remove("CW_PLAIN");
        psi.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(psi)!;
        var screen = new StringBuilder();
        var reading = ReadAllAsync(process.StandardOutput, screen);
        try
        {
            // Kept open: script forwards its stdin to the pty and may end the session at end of file.
            await Waits.UntilAsync(() => Shown(screen) is var text && LiveBar().IsMatch(text), Deadline, "the live view's progress bar with a rate and an ETA");
            Assert.False(process.HasExited, Shown(screen));
            Assert.Contains("━", Shown(screen), StringComparison.Ordinal);
        }
        finally
        {
            CwHome.KillGroup(process.Id);
            await process.WaitForExitAsync();
            await reading;
        }
    }

    [Fact]
    public async Task Run_Plain_PrintsAThrottledProgressLineWhileTheStepRuns()
    {
        await using var run = new BackgroundCw(home, "run", Runbook());

        await Waits.UntilAsync(() => run.Lines.Count(l => PlainLine().IsMatch(l)) >= 2, Deadline, "two plain progress lines");

        Assert.False(run.HasExited, run.Output);
        var lines = run.Lines.Where(l => PlainLine().IsMatch(l)).ToList();
        // 4 reports a second from the engine, one line every 2 s in plain mode: far fewer lines than units done.
        var done = int.Parse(PlainLine().Match(lines[^1]).Groups["done"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(lines.Count < done, string.Join('\n', lines));
    }

    private static string Shown(StringBuilder screen)
    {
        lock (screen)
        {
            return Ansi().Replace(screen.ToString(), "");
        }
    }

    private static async Task ReadAllAsync(StreamReader output, StringBuilder screen)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await output.ReadAsync(buffer)) > 0)
        {
            lock (screen)
            {
                screen.Append(buffer, 0, read);
            }
        }
    }

    [GeneratedRegex(@"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"\d+% \d+/600 items [\d.,]+ items/s ETA \d+:\d\d")]
    private static partial Regex LiveBar();

    [GeneratedRegex(@"~ copy \d+% (?<done>\d+)/600 items")]
    private static partial Regex PlainLine();
}
