using ClusterWorkflows.Server.Events;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Tests;

/// <summary>
/// The ordering of a run stream's reads, against a hand-written source that lets a commit land
/// between two reads (the end-to-end stream tests cannot force that interleaving).
/// </summary>
public sealed class RunEventReaderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid RunId = Guid.Parse("01a24d0d-e73b-7945-9e8f-2b69fb21dcca");

    [Fact]
    public async Task NextAsync_RunSettlesBetweenJournalAndRunReads_EndFollowsTheLastStep()
    {
        var source = new ScriptedSource(Run(RunStatus.Running, 1), [Step("first", 1)]);
        // The runtime's last checkpoint, log line and completion land right after the first journal read.
        source.AfterFirstJournalRead = () =>
        {
            source.Journal.Add(Step("last", 2));
            source.Logs.Add(new LogLine(1, source.Run.Id, "last", 1, T0, "info", "done"));
            source.Run = Run(RunStatus.Completed, 2);
        };
        var reader = new RunEventReader(source, source.Run, null);

        var events = await ReadUntilEndAsync(reader);

        Assert.Equal(["step:first", "log:done", "run:running", "step:last", "run:completed", "end:completed"], events.Select(Describe));
    }

    [Fact]
    public async Task NextAsync_FromLastEventId_SendsOnlyLaterChanges()
    {
        var source = new ScriptedSource(Run(RunStatus.Completed, 1), [Step("a", 1), Step("b", 2), Step("c", 3)]);
        source.Logs.Add(new LogLine(1, source.Run.Id, "a", 1, T0, "info", "one"));
        source.Logs.Add(new LogLine(2, source.Run.Id, "c", 1, T0, "info", "two"));
        var reader = new RunEventReader(source, source.Run, "2-1");

        var events = await ReadUntilEndAsync(reader);

        Assert.Equal(["step:c", "log:two", "run:completed", "end:completed"], events.Select(Describe));
        Assert.Equal("3-2", events[^1].Id);
    }

    [Fact]
    public async Task NextAsync_NothingChanged_SendsNothingAndDoesNotEnd()
    {
        var source = new ScriptedSource(Run(RunStatus.Waiting, 1), [Step("ask", 1)]);
        var reader = new RunEventReader(source, source.Run, null);
        await ReadOnceAsync(reader);

        var second = await ReadOnceAsync(reader);

        Assert.Empty(second);
        Assert.False(reader.Ended);
    }

    private static async Task<List<RunEvent>> ReadUntilEndAsync(RunEventReader reader)
    {
        var events = new List<RunEvent>();
        for (var round = 0; round < 5 && !reader.Ended; round++)
        {
            events.AddRange(await ReadOnceAsync(reader));
        }

        Assert.True(reader.Ended, "no end event after 5 rounds: " + string.Join(", ", events.Select(Describe)));
        return events;
    }

    private static async Task<List<RunEvent>> ReadOnceAsync(RunEventReader reader)
    {
        var events = new List<RunEvent>();
        await foreach (var e in reader.NextAsync(CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    private static string Describe(RunEvent e) => e.Type + ":" + (e.Type switch
    {
        "step" => e.Data["path"]!.GetValue<string>(),
        "log" => e.Data["text"]!.GetValue<string>(),
        _ => e.Data["status"]!.GetValue<string>(),
    });

    private static RunRecord Run(RunStatus status, int minute) => new()
    {
        Id = RunId,
        DefinitionId = "live-demo",
        DefinitionVersion = 1,
        Status = status,
        CreatedAt = T0,
        UpdatedAt = T0.AddMinutes(minute),
    };

    private static JournalRecord Step(string path, long revision) => new()
    {
        RunId = RunId,
        StepPath = path,
        StepId = path,
        Attempt = 1,
        Status = StepStatus.Completed,
        Revision = revision,
        StartedAt = T0,
    };

    /// <summary>An in-memory source whose state a test changes between reads.</summary>
    private sealed class ScriptedSource(RunRecord run, List<JournalRecord> journal) : IRunEventSource
    {
        public RunRecord Run { get; set; } = run;

        public List<JournalRecord> Journal { get; } = journal;

        public List<LogLine> Logs { get; } = [];

        public Action? AfterFirstJournalRead { get; set; }

        public Task<RunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken) => Task.FromResult<RunRecord?>(Run);

        public Task<IReadOnlyList<JournalRecord>> GetJournalChangesAsync(Guid runId, long afterRevision, int limit, CancellationToken cancellationToken)
        {
            IReadOnlyList<JournalRecord> changes = [.. Journal.Where(r => r.Revision > afterRevision).OrderBy(r => r.Revision).Take(limit)];
            var hook = AfterFirstJournalRead;
            AfterFirstJournalRead = null;
            hook?.Invoke();
            return Task.FromResult(changes);
        }

        public Task<IReadOnlyList<LogLine>> GetLogsAsync(Guid runId, long afterSequence, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<LogLine>>([.. Logs.Where(l => l.Sequence > afterSequence).Take(limit)]);
    }
}
