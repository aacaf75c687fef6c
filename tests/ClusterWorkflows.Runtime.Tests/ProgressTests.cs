using System.Collections.Concurrent;
using System.Text.Json;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Progress;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Tests;

public sealed class ProgressTests
{
    private const string Runbook = """
        id: progress
        version: 1
        steps:
          - id: copy
            uses: test.progress@1
            with: { updates: 1000, stepMilliseconds: 10, token: "${{ secrets.progress_token }}" }
        """;

    [Fact]
    public async Task Progress_ThousandReports_ObserverHearsAtMostFourASecond()
    {
        var observer = new ProgressRecorder();
        await using var engine = await CreateAsync(observer);

        var run = await engine.RunAsync(Runbook);

        Assert.Equal(RunStatus.Completed, run.Status);
        var reports = observer.Reports.ToList();
        // 10 s of (fake) work: the first report at once, then the latest one at the end of each 250 ms interval.
        Assert.InRange(reports.Count, 40, 41);
        Assert.All(reports.Zip(reports.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromMilliseconds(250), $"{pair.First.At:O} -> {pair.Second.At:O}"));
        Assert.Equal(1, reports[0].Done);
        Assert.Equal(1000, reports[^1].Done);
        Assert.All(reports, r =>
        {
            Assert.Equal(("copy", 1, 1000L, "items"), (r.StepPath, r.Attempt, r.Total!.Value, r.Unit!));
            Assert.DoesNotContain("s3cr3t-progress", r.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Progress_ThousandReports_NothingJournaledOrLogged()
    {
        await using var engine = await CreateAsync(new ProgressRecorder());

        var run = await engine.RunAsync(Runbook);

        var journal = await engine.JournalAsync(run.Id);
        var record = Assert.Single(journal, r => r.StepPath == "copy");
        Assert.Equal(StepStatus.Completed, record.Status);
        Assert.DoesNotContain("item ", JsonSerializer.Serialize(journal), StringComparison.Ordinal);
        var logs = await engine.Store.GetLogsAsync(run.Id, null, 0, 10_000, CancellationToken.None);
        Assert.DoesNotContain(logs, l => l.Text.Contains("item ", StringComparison.Ordinal));
    }

    private static async Task<EngineFixture> CreateAsync(IRunObserver observer)
    {
        var engine = await EngineFixture.CreateAsync(observer: observer);
        await engine.Services.Secrets.SetAsync("progress_token", "s3cr3t-progress", CancellationToken.None);
        return engine;
    }

    /// <summary>Keeps every progress notification, in the order heard.</summary>
    private sealed class ProgressRecorder : IRunObserver
    {
        public ConcurrentQueue<StepProgress> Reports { get; } = new();

        public void Progress(Guid runId, StepProgress progress) => Reports.Enqueue(progress);

        public void StepChanged(Guid runId, JournalRecord record)
        {
        }

        public void Log(Guid runId, LogLine line)
        {
        }

        public void RunChanged(Guid runId, RunStatus status, string? error)
        {
        }
    }
}
