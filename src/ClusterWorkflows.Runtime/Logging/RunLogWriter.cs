using System.Threading.Channels;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Logging;

/// <summary>
/// Buffers a run's log lines and appends them in batches, apart from the run row and the journal.
/// Lines are redacted before they are buffered, so no secret reaches the store or an observer.
/// </summary>
public sealed class RunLogWriter : IAsyncDisposable
{
    private readonly Channel<LogLine> channel = Channel.CreateUnbounded<LogLine>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IWorkflowStore store;
    private readonly Redactor redactor;
    private readonly IRunObserver observer;
    private readonly TimeProvider time;
    private readonly Guid runId;
    private readonly Task pump;

    public RunLogWriter(IWorkflowStore store, Redactor redactor, IRunObserver observer, TimeProvider time, Guid runId)
    {
        this.store = store;
        this.redactor = redactor;
        this.observer = observer;
        this.time = time;
        this.runId = runId;
        pump = Task.Run(PumpAsync);
    }

    public void Write(string stepPath, int attempt, Sdk.LogLevel level, string text)
    {
        foreach (var line in redactor.Redact(text).Split('\n'))
        {
            var entry = new LogLine(0, runId, stepPath, attempt, time.GetUtcNow(), level.ToString().ToLowerInvariant(), line.TrimEnd('\r'));
            observer.Log(runId, entry);
            channel.Writer.TryWrite(entry);
        }
    }

    /// <summary>
    /// Lines that arrive while a batch is being written form the next batch, so a chatty step costs
    /// a few transactions, not one per line, without a timer.
    /// </summary>
    private async Task PumpAsync()
    {
        var batch = new List<LogLine>();
        while (await channel.Reader.WaitToReadAsync())
        {
            while (channel.Reader.TryRead(out var line))
            {
                batch.Add(line);
            }

            if (batch.Count > 0)
            {
                try
                {
                    await store.AppendLogsAsync(batch, CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Logs must never take a run down: report and drop this batch (the journal is unaffected).
                    observer.EngineError(runId, ex);
                }

                batch.Clear();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        await pump;
    }
}

/// <summary>The <see cref="Sdk.IActivityLog"/> handed to one step attempt.</summary>
public sealed class StepLog(RunLogWriter writer, string stepPath, int attempt) : Sdk.IActivityLog
{
    public void Write(Sdk.LogLevel level, string line) => writer.Write(stepPath, attempt, level, line);
}
