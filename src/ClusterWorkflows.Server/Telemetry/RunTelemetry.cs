using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Telemetry;

/// <summary>
/// Traces and metrics of run execution. A run's spans share a trace id derived from the run id, so
/// every execution burst of a run (first start, resume after a crash, retry on another node) lands
/// in the same trace: one span per burst ("run") and one per step attempt, with the definition,
/// version, step path, host (the forEach item), changed and outcome as attributes. Only those
/// fields are exported: never inputs, outputs or log text, so no secret can reach a collector.
/// </summary>
public sealed class RunTelemetry : IRunObserver, IDisposable
{
    public const string SourceName = "ClusterWorkflows";

    private readonly ActivitySource source = new(SourceName);
    private readonly Meter meter = new(SourceName);
    private readonly ConcurrentDictionary<Guid, RunSpan> bursts = new();
    private readonly ConcurrentDictionary<(Guid, string, string?, int), Activity> steps = new();
    private readonly Counter<long> created;
    private readonly Counter<long> executions;
    private readonly Counter<long> settled;
    private readonly Counter<long> takeovers;
    private readonly Histogram<double> stepDuration;
    private long queueDepth;

    public RunTelemetry()
    {
        created = meter.CreateCounter<long>("cw.runs.created", description: "Runs created through this node (API, webhooks).");
        executions = meter.CreateCounter<long>("cw.runs.executions", description: "Execution bursts started by this node's workers (a first start, a resume, a retry).");
        settled = meter.CreateCounter<long>("cw.runs.settled", description: "Runs this node's workers brought to completed, faulted, cancelled or waiting (tag status).");
        takeovers = meter.CreateCounter<long>("cw.lease.takeovers", description: "Runs taken over mid-step from a worker that died or lost its lease.");
        stepDuration = meter.CreateHistogram<double>("cw.step.duration", unit: "s", description: "Duration of finished step attempts (tag status).");
        meter.CreateObservableGauge("cw.queue.depth", () => QueueDepth, description: "Runs waiting for a worker (pending), read every few seconds.");
    }

    /// <summary>Pending runs in the store, as last read by <see cref="QueueDepthProbe"/> (a gauge callback must not query).</summary>
    public long QueueDepth
    {
        get => Interlocked.Read(ref queueDepth);
        set => Interlocked.Exchange(ref queueDepth, value);
    }

    public void RunCreated(string triggeredBy) => created.Add(1, new KeyValuePair<string, object?>("trigger", TriggerKind(triggeredBy)));

    public void RunExecuting(RunRecord run, bool takeover)
    {
        executions.Add(1);
        if (takeover)
        {
            takeovers.Add(1);
        }

        var parent = new ActivityContext(TraceId(run.Id), RootSpanId(run.Id), ActivityTraceFlags.Recorded, isRemote: true);
        var activity = source.StartActivity("run " + run.DefinitionId, ActivityKind.Internal, parent, [
            new("cw.run.id", run.Id.ToString()),
            new("cw.definition", run.DefinitionId),
            new("cw.version", run.DefinitionVersion),
            new("cw.trigger", run.TriggeredBy),
            new("cw.takeover", takeover),
        ]);
        if (activity is not null)
        {
            bursts[run.Id] = new RunSpan(activity, run.DefinitionId, run.DefinitionVersion);
        }
    }

    public void StepChanged(Guid runId, JournalRecord record)
    {
        var key = (runId, record.StepPath, record.ItemKey, record.Attempt);
        if (record.Status is StepStatus.Running)
        {
            if (Start(runId, record) is { } started)
            {
                steps[key] = started;
            }

            return;
        }

        if (record.EndedAt is null && record.Status is StepStatus.Waiting)
        {
            return;
        }

        // Fast idempotent steps write no "running" record: their span starts at the recorded start.
        var activity = steps.TryRemove(key, out var open) ? open : Start(runId, record);
        var ended = record.EndedAt ?? DateTimeOffset.UtcNow;
        stepDuration.Record(Math.Max(0, (ended - record.StartedAt).TotalSeconds), new KeyValuePair<string, object?>("status", Outcome(record.Status)));
        if (activity is null)
        {
            return;
        }

        activity.SetTag("cw.changed", record.Changed);
        activity.SetTag("cw.outcome", Outcome(record.Status));
        if (record.Status is StepStatus.Faulted)
        {
            activity.SetStatus(ActivityStatusCode.Error, record.Error?.Code);
        }

        activity.SetEndTime(ended.UtcDateTime);
        activity.Stop();
    }

    public void Log(Guid runId, LogLine line)
    {
    }

    public void RunChanged(Guid runId, RunStatus status, string? error)
    {
        if (status is RunStatus.Running)
        {
            return;
        }

        settled.Add(1, new KeyValuePair<string, object?>("status", status.ToString().ToLowerInvariant()));
        if (bursts.TryRemove(runId, out var burst))
        {
            burst.Activity.SetTag("cw.outcome", status.ToString().ToLowerInvariant());
            if (status is RunStatus.Faulted)
            {
                burst.Activity.SetStatus(ActivityStatusCode.Error, "faulted");
            }

            burst.Activity.Stop();
        }
    }

    public void RunReleased(Guid runId)
    {
        if (bursts.TryRemove(runId, out var burst))
        {
            burst.Activity.SetTag("cw.outcome", "released");
            burst.Activity.Stop();
        }

        foreach (var key in steps.Keys.Where(k => k.Item1 == runId).ToList())
        {
            if (steps.TryRemove(key, out var step))
            {
                step.SetTag("cw.outcome", "interrupted");
                step.Stop();
            }
        }
    }

    private Activity? Start(Guid runId, JournalRecord record)
    {
        var burst = bursts.GetValueOrDefault(runId);
        var parent = burst?.Activity.Context ?? new ActivityContext(TraceId(runId), RootSpanId(runId), ActivityTraceFlags.Recorded, isRemote: true);
        return source.StartActivity(
            "step " + record.StepPath,
            ActivityKind.Internal,
            parent,
            [
                new("cw.run.id", runId.ToString()),
                new("cw.definition", burst?.Definition),
                new("cw.version", burst?.Version),
                new("cw.step.path", record.StepPath),
                new("cw.step.attempt", record.Attempt),
                new("cw.host", record.ItemKey),
            ],
            startTime: record.StartedAt);
    }

    private static string Outcome(StepStatus status) => status.ToString().ToLowerInvariant();

    private static string TriggerKind(string triggeredBy) => triggeredBy.Split(':', 2)[0];

    /// <summary>The run id's 16 bytes are the trace id: a trace per run, found from the run id alone.</summary>
    public static ActivityTraceId TraceId(Guid runId) => ActivityTraceId.CreateFromBytes(runId.ToByteArray());

    /// <summary>A stable span id the bursts hang from (never exported itself), so they group under the run.</summary>
    private static ActivitySpanId RootSpanId(Guid runId) => ActivitySpanId.CreateFromBytes(runId.ToByteArray().AsSpan(8, 8));

    public void Dispose()
    {
        source.Dispose();
        meter.Dispose();
    }

    private sealed record RunSpan(Activity Activity, string Definition, int Version);
}
