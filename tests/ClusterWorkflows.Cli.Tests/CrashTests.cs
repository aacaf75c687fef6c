using System.Diagnostics;

namespace ClusterWorkflows.Cli.Tests;

/// <summary>
/// Kills a real <c>cw run</c> with SIGKILL in the middle of different steps, then resumes with
/// <c>cw resume</c>: finished steps never run again, the interrupted idempotent step runs again,
/// and a step that is not safe to repeat waits for a human decision.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly CwHome home = new();

    public void Dispose() => home.Dispose();

    private string Runbook(bool lastStepUnsafe)
    {
        var effects = home.File("effects.log");
        var steps = string.Concat(Enumerable.Range(1, 6).Select(i => $$"""

              - id: step{{i}}
                uses: core.command@1
                idempotent: {{(lastStepUnsafe && i == 6 ? "false" : "true")}}
                with:
                  shell: true
                  command: "echo start-{{i}} >> {{effects}}; sleep 0.4; echo end-{{i}} >> {{effects}}"
            """));
        return home.Write("crash.yaml", $"""
            id: crash
            version: 1
            steps:{steps}
            """);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Resume_AfterSigkillDuringStep_FinishesWithEachCompletedStepRunOnce(int killedStep)
    {
        var file = Runbook(lastStepUnsafe: false);
        var effects = home.File("effects.log");
        using var process = Process.Start(home.StartInfo("run", file))!;
        await Waits.UntilAsync(() => Waits.Lines(effects).Contains($"start-{killedStep}"), TimeSpan.FromSeconds(60), $"step {killedStep} to start");
        CwHome.KillGroup(process.Id);
        await process.WaitForExitAsync();

        var resumed = await home.RunAsync("resume");
        Assert.Equal(0, resumed.ExitCode);

        var lines = Waits.Lines(effects);
        for (var i = 1; i <= 6; i++)
        {
            var starts = lines.Count(l => l == $"start-{i}");
            var expected = i == killedStep ? 2 : 1;
            Assert.True(starts == expected, $"step{i} started {starts} times, expected {expected}; effects: {string.Join(",", lines)}\n{resumed.All}");
        }

        var show = await home.RunAsync("runs", "--json");
        Assert.Contains("\"completed\"", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_AfterSigkillDuringUnsafeStep_WaitsForDecisionThenSkipCompletes()
    {
        var file = Runbook(lastStepUnsafe: true);
        var effects = home.File("effects.log");
        using var process = Process.Start(home.StartInfo("run", file))!;
        await Waits.UntilAsync(() => Waits.Lines(effects).Contains("start-6"), TimeSpan.FromSeconds(60), "step 6 to start");
        CwHome.KillGroup(process.Id);
        await process.WaitForExitAsync();

        await home.RunAsync("resume");
        var runs = await home.RunAsync("runs", "--status", "faulted", "--json");
        Assert.Contains("step6", (await home.RunAsync("show", RunId(runs.Stdout))).Stdout, StringComparison.Ordinal);
        Assert.Equal(1, Waits.Lines(effects).Count(l => l == "start-6"));

        var show = await home.RunAsync("show", RunId(runs.Stdout), "--json");
        Assert.Contains("step.interrupted", show.Stdout, StringComparison.Ordinal);

        var skip = await home.RunAsync("skip", RunId(runs.Stdout), "--step", "step6", "--reason", "finished by hand");
        Assert.True(skip.ExitCode == 0, skip.All);
        Assert.Equal(1, Waits.Lines(effects).Count(l => l == "start-6"));
        Assert.Contains("step.skip", (await home.RunAsync("audit")).Stdout, StringComparison.Ordinal);
    }

    internal static string RunId(string runsJson)
    {
        var array = System.Text.Json.Nodes.JsonNode.Parse(runsJson)!.AsArray();
        Assert.NotEmpty(array);
        return array[0]!["id"]!.GetValue<string>();
    }
}
