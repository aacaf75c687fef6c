using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Secrets;

namespace ClusterWorkflows.Runtime.Progress;

/// <summary>
/// The <see cref="IActivityProgress"/> of one step attempt. Activities may report every chunk they copy; the
/// observer hears at most one report per <see cref="EngineOptions.ProgressInterval"/>. A report inside the
/// interval is held and sent when the interval ends (a timer on the run's clock), so the last one is not lost
/// while the step keeps running. Nothing here touches the store: progress is not journaled.
/// </summary>
public sealed class ProgressThrottle : IActivityProgress, IDisposable
{
    public const int MaxUnitLength = 16;
    public const int MaxMessageLength = 200;

    private readonly Lock gate = new();
    private readonly IRunObserver observer;
    private readonly Redactor redactor;
    private readonly TimeProvider time;
    private readonly TimeSpan interval;
    private readonly Guid runId;
    private readonly string stepPath;
    private readonly int attempt;
    private readonly string? itemKey;
    private DateTimeOffset? lastSent;
    private StepProgress? pending;
    private ITimer? timer;
    private bool closed;

    public ProgressThrottle(RunContext ctx, string stepPath, int attempt, string? itemKey)
    {
        observer = ctx.Observer;
        redactor = ctx.Redactor;
        time = ctx.Time;
        interval = ctx.Options.ProgressInterval;
        runId = ctx.Run.Id;
        this.stepPath = stepPath;
        this.attempt = attempt;
        this.itemKey = itemKey;
    }

    public void Report(ActivityProgress progress)
    {
        // Built outside the lock: redaction is the costly part, and an activity's own thread pays for it.
        var entry = new StepProgress(
            stepPath,
            attempt,
            Math.Max(0, progress.Done),
            progress.Total is { } total ? Math.Max(0, total) : null,
            Clip(progress.Unit, MaxUnitLength),
            Clip(progress.Message is null ? null : redactor.Redact(progress.Message), MaxMessageLength),
            time.GetUtcNow(),
            itemKey);
        lock (gate)
        {
            if (closed)
            {
                return;
            }

            if (lastSent is not { } last || entry.At - last >= interval)
            {
                pending = null;
                Send(entry);
                return;
            }

            pending = entry;
            timer ??= time.CreateTimer(_ => Flush(), null, last + interval - entry.At, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The step ended: a held report would only contradict the step's final state, so it is dropped.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            closed = true;
            pending = null;
            timer?.Dispose();
            timer = null;
        }
    }

    private void Flush()
    {
        lock (gate)
        {
            timer?.Dispose();
            timer = null;
            if (closed || pending is null)
            {
                return;
            }

            var entry = pending with { At = time.GetUtcNow() };
            pending = null;
            Send(entry);
        }
    }

    /// <summary>Called under the lock so observers hear reports in order (they only store the latest, never block).</summary>
    private void Send(StepProgress entry)
    {
        lastSent = entry.At;
        try
        {
            observer.Progress(runId, entry);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Progress is decoration: an observer's failure must never fail the step reporting it.
            observer.EngineError(runId, ex);
        }
    }

    private static string? Clip(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
