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
                  command: "echo start-{{i}} >> {{effects}}; sleep {{(lastStepUnsafe && i == 6 ? "3" : "0.4")}}; echo end-{{i}} >> {{effects}}"
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

        // What the journal holds at the moment of death decides: a step checkpointed as completed
        // must never run again; the one that was cut off may run once more (it is idempotent).
        var atKill = Waits.Lines(effects);
        var runId = RunId((await home.RunAsync("runs", "--json")).Stdout);
        var journal = System.Text.Json.Nodes.JsonNode.Parse((await home.RunAsync("show", runId, "--json")).Stdout)!["journal"]!.AsArray();
        var finished = journal.Where(r => r!["status"]!.GetValue<string>() == "completed").Select(r => r!["path"]!.GetValue<string>()).ToHashSet();
        Assert.Contains($"step{killedStep - 1}", finished.Append("step0"));

        var resumed = await home.RunAsync("resume");
        Assert.Equal(0, resumed.ExitCode);

        var lines = Waits.Lines(effects);
        for (var i = 1; i <= 6; i++)
        {
            var starts = lines.Count(l => l == $"start-{i}");
            var before = atKill.Count(l => l == $"start-{i}");
            var ok = finished.Contains($"step{i}") ? starts == 1 : starts == before + 1;
            Assert.True(ok, $"step{i} started {starts} times (finished at kill: {finished.Contains($"step{i}")}); at kill: {string.Join(",", atKill)}; now: {string.Join(",", lines)}\n{resumed.All}");
            Assert.Contains($"end-{i}", lines);
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
