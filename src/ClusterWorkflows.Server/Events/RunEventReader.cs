using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using ClusterWorkflows.Server.Api;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Events;

/// <summary>What a run's event stream reads from the store.</summary>
internal interface IRunEventSource
{
    Task<RunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<JournalRecord>> GetJournalChangesAsync(Guid runId, long afterRevision, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<LogLine>> GetLogsAsync(Guid runId, long afterSequence, int limit, CancellationToken cancellationToken);
}

/// <summary>The engine's store as an event source.</summary>
internal sealed class StoreRunEventSource(IWorkflowStore store, IServerStore changes) : IRunEventSource
{
    public Task<RunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken) => store.GetRunAsync(runId, cancellationToken);

    public Task<IReadOnlyList<JournalRecord>> GetJournalChangesAsync(Guid runId, long afterRevision, int limit, CancellationToken cancellationToken) =>
        changes.GetJournalChangesAsync(runId, afterRevision, limit, cancellationToken);

    public Task<IReadOnlyList<LogLine>> GetLogsAsync(Guid runId, long afterSequence, int limit, CancellationToken cancellationToken) =>
        store.GetLogsAsync(runId, null, afterSequence, limit, cancellationToken);
}

/// <summary>One Server-Sent Event: its id (where the stream stands), type and data.</summary>
internal sealed record RunEvent(string Id, string Type, JsonObject Data);

/// <summary>
/// Reads a run's events onwards from a position ("revision-logSequence"): <c>step</c> for each
/// journal change, <c>log</c> for each line, <c>run</c> when the run row changed, and <c>end</c> once
/// it is completed or cancelled. The run row is read before the journal and the logs: the runtime
/// settles a run only after its last checkpoint and log lines are committed, so when the row says
/// settled, the reads after it see everything and <c>end</c> follows the last step. Read the other way
/// round, a step that finished between the two reads was never sent (the run monitor showed a
/// completed run whose last step had no status).
/// </summary>
internal sealed class RunEventReader(IRunEventSource source, RunRecord run, string? position)
{
    private const int Batch = 500;

    private (long Revision, long LogSequence) at = ParsePosition(position);
    private DateTimeOffset? sentUpdate;

    /// <summary>True once the <c>end</c> event was read: nothing follows it.</summary>
    public bool Ended { get; private set; }

    /// <summary>The events since the previous call (or since the position, the first time).</summary>
    public async IAsyncEnumerable<RunEvent> NextAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        run = await source.GetRunAsync(run.Id, cancellationToken) ?? run;
        IReadOnlyList<JournalRecord> steps;
        do
        {
            steps = await source.GetJournalChangesAsync(run.Id, at.Revision, Batch, cancellationToken);
            foreach (var step in steps)
            {
                at.Revision = Math.Max(at.Revision, step.Revision);
                yield return new RunEvent(Position, "step", Views.Step(step));
            }
        }
        while (steps.Count == Batch);

        IReadOnlyList<LogLine> lines;
        do
        {
            lines = await source.GetLogsAsync(run.Id, at.LogSequence, Batch, cancellationToken);
            foreach (var line in lines)
            {
                at.LogSequence = line.Sequence;
                yield return new RunEvent(Position, "log", Views.Log(line));
            }
        }
        while (lines.Count == Batch);

        if (sentUpdate != run.UpdatedAt)
        {
            sentUpdate = run.UpdatedAt;
            yield return new RunEvent(Position, "run", Views.Run(run));
        }

        if (run.Status is RunStatus.Completed or RunStatus.Cancelled)
        {
            Ended = true;
            yield return new RunEvent(Position, "end", new JsonObject { ["status"] = Views.Name(run.Status) });
        }
    }

    private string Position => string.Create(CultureInfo.InvariantCulture, $"{at.Revision}-{at.LogSequence}");

    private static (long Revision, long LogSequence) ParsePosition(string? id)
    {
        var parts = (id ?? "").Split('-');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? (revision, sequence)
            : (0, 0);
    }
}
