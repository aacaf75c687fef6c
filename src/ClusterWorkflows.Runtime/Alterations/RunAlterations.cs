using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Alterations;

/// <summary>
/// Who asks for an alteration and why; every alteration is audited with it. <see cref="Roles"/> are the
/// caller's roles where an identity provider or token gave them (the server); null for a local caller with
/// the database in hand (the CLI in embedded mode), which no role check can stop anyway.
/// </summary>
public sealed record Actor(string Name, string? Reason = null, string? Source = null, IReadOnlySet<string>? Roles = null);

/// <summary>
/// Operator decisions on a run: retry (optionally with edited inputs), skip a step with given
/// outputs, resume from a chosen step, cancel, approve or reject. Each is checked and written in one
/// store transaction with its audit record (<see cref="IWorkflowStore.DecideAsync"/>), against the
/// run and journal as they are at that moment, and moves the run back to Pending so that a worker
/// (or the calling CLI) continues it.
/// </summary>
public sealed class RunAlterations(EngineServices services)
{
    private IWorkflowStore Store => services.Store;

    private DateTimeOffset Now => services.Time.GetUtcNow();

    /// <summary>
    /// Retries the open incidents (all of them, or only <paramref name="stepPath"/>'s): their faulted attempts are
    /// superseded, which is what allows the next walk to run the step again. A fault nobody retried stays a fault.
    /// </summary>
    public async Task<RunRecord> RetryAsync(Guid runId, string? stepPath, JsonObject? inputs, Actor actor, CancellationToken cancellationToken)
    {
        var tree = await TreeAsync(runId, cancellationToken);
        var step = stepPath is null ? null : tree.Require(stepPath);
        if (inputs is not null && step is not null and not ActivityStep)
        {
            throw new AlterationInputException(stepPath!, $"step '{stepPath}' is not an activity; only an activity's inputs can be edited");
        }

        return await RecordAsync(runId, (run, journal) =>
        {
            if (run.Status != RunStatus.Faulted)
            {
                throw new AlterationException($"run {runId} is {Describe(run.Status)}; only a faulted run can be retried");
            }

            var open = Incidents.Open(journal);
            if (stepPath is not null && open.All(r => r.StepPath != stepPath))
            {
                throw new AlterationException($"step '{stepPath}' has no open incident in run {runId} (open: {Paths(open)})");
            }

            var target = stepPath;
            if (inputs is not null && target is null)
            {
                target = open.Count == 1
                    ? open[0].StepPath
                    : throw new AlterationException($"run {runId} has {open.Count} open incidents; name the step whose inputs you edit with --step (open: {Paths(open)})");
                if (tree.Find(target) is not ActivityStep)
                {
                    throw new AlterationInputException(target, $"step '{target}' is not an activity; only an activity's inputs can be edited");
                }
            }

            var retried = open.Where(r => stepPath is null || r.StepPath == stepPath).Select(r => r.StepPath).ToHashSet(StringComparer.Ordinal);
            var superseded = journal.Where(r => !r.Superseded && retried.Contains(r.StepPath)).Select(r => r with { Superseded = true }).ToList();
            var overrides = run.InputOverrides.DeepClone().AsObject();
            if (inputs is not null)
            {
                var merged = overrides[target!] as JsonObject ?? [];
                foreach (var (k, v) in inputs)
                {
                    merged[k] = v?.DeepClone();
                }

                overrides[target!] = merged.DeepClone();
            }

            return new RunDecision
            {
                Run = run with { Status = RunStatus.Pending, Error = null, InputOverrides = overrides, UpdatedAt = Now },
                Journal = superseded,
                Audit = Audit(actor, "run.retry", runId, target, inputs is null ? null : new JsonObject { ["inputs"] = Mask(inputs) }),
            };
        }, cancellationToken);
    }

    /// <summary>
    /// Skips a step with given outputs: one the run reached (an incident, a waiting timer, a stale running attempt) or
    /// one it has not reached yet.
    /// An approval is never skipped: only its approvers pass it, and its outputs (who approved) are never a caller's.
    /// </summary>
    public async Task<RunRecord> SkipAsync(Guid runId, string stepPath, JsonObject? outputs, Actor actor, CancellationToken cancellationToken)
    {
        var step = (await TreeAsync(runId, cancellationToken)).Require(stepPath);
        if (step is ApprovalStep)
        {
            throw new AlterationException($"step '{stepPath}' is an approval: approve or reject it (a skip cannot stand in for its approvers); retry a rejected or timed-out approval to ask again");
        }

        return await RecordAsync(runId, (run, journal) =>
        {
            if (run.Status is not (RunStatus.Faulted or RunStatus.Waiting or RunStatus.Pending))
            {
                throw new AlterationException($"run {runId} is {Describe(run.Status)}; a step can be skipped only in a faulted, waiting or pending run");
            }

            var latest = Incidents.Latest(journal).FirstOrDefault(r => r.StepPath == stepPath);
            if (latest is { Status: StepStatus.Completed or StepStatus.Skipped })
            {
                throw new AlterationException($"step '{stepPath}' already finished ({latest.Status.ToString().ToLowerInvariant()}); use resume-from to run it again");
            }

            if (latest is not null && Incidents.IsApproval(latest))
            {
                throw new AlterationException($"step '{stepPath}' is an approval: approve or reject it");
            }

            var record = new JournalRecord
            {
                RunId = runId,
                StepPath = stepPath,
                StepId = step.Id,
                ItemKey = latest?.ItemKey,
                Attempt = journal.Where(r => r.StepPath == stepPath).Select(r => r.Attempt).DefaultIfEmpty(0).Max() + 1,
                Status = StepStatus.Skipped,
                StartedAt = Now,
                EndedAt = Now,
                Outputs = outputs ?? [],
                WorkerId = actor.Name,
            };
            return new RunDecision
            {
                Run = run with { Status = RunStatus.Pending, Error = null, WakeAt = null, UpdatedAt = Now },
                Journal = [record],
                Audit = Audit(actor, "step.skip", runId, stepPath, new JsonObject { ["outputs"] = outputs?.DeepClone() }),
            };
        }, cancellationToken);
    }

    /// <summary>Supersedes every record from the step's first one onward, so the next walk runs it (and what follows) again.</summary>
    public async Task<RunRecord> ResumeFromAsync(Guid runId, string stepPath, Actor actor, CancellationToken cancellationToken)
    {
        (await TreeAsync(runId, cancellationToken)).Require(stepPath);
        return await RecordAsync(runId, (run, journal) =>
        {
            if (run.Status is RunStatus.Running or RunStatus.Cancelled)
            {
                throw new AlterationException($"run {runId} is {Describe(run.Status)}; resume-from applies to faulted, waiting, pending or completed runs");
            }

            var first = journal.Where(r => !r.Superseded && StepPath.IsWithin(r.StepPath, stepPath)).MinBy(r => r.Sequence)
                ?? throw new AlterationException($"step '{stepPath}' has not run in run {runId}; nothing to resume from");
            return new RunDecision
            {
                Run = run with { Status = RunStatus.Pending, Error = null, Outputs = null, EndedAt = null, WakeAt = null, UpdatedAt = Now },
                Journal = journal.Where(r => !r.Superseded && r.Sequence >= first.Sequence).Select(r => r with { Superseded = true }).ToList(),
                Audit = Audit(actor, "run.resume-from", runId, stepPath, null),
            };
        }, cancellationToken);
    }

    public Task<RunRecord> CancelAsync(Guid runId, Actor actor, CancellationToken cancellationToken) =>
        RecordAsync(runId, (run, _) =>
        {
            if (run.Status.IsTerminal())
            {
                throw new AlterationException($"run {runId} is already {Describe(run.Status)}");
            }

            // A run a worker holds notices the flag on its next heartbeat; an idle one is queued so that
            // a worker walks it in cancel mode and runs its finally blocks.
            return new RunDecision
            {
                Run = run with
                {
                    CancelRequested = true,
                    Status = run.Status == RunStatus.Running ? run.Status : RunStatus.Pending,
                    WakeAt = null,
                    UpdatedAt = Now,
                },
                Audit = Audit(actor, "run.cancel", runId, null, null),
                EvenIfLeased = true,
            };
        }, cancellationToken);

    public Task<RunRecord> DecideAsync(Guid runId, string? stepPath, bool approve, Actor actor, CancellationToken cancellationToken) =>
        RecordAsync(runId, (run, journal) =>
        {
            var waiting = Incidents.Waiting(journal).Where(Incidents.IsApproval).ToList();
            var record = stepPath is null
                ? waiting.Count == 1 ? waiting[0] : throw new AlterationException(waiting.Count == 0
                    ? $"run {runId} is not waiting for an approval"
                    : $"run {runId} waits for {waiting.Count} approvals; name one with --step ({Paths(waiting)})")
                : waiting.FirstOrDefault(r => r.StepPath == stepPath)
                    ?? throw new AlterationException($"step '{stepPath}' of run {runId} is not waiting for an approval (waiting: {Paths(waiting)})");
            var bookmark = record.Bookmark!.DeepClone().AsObject();
            ApprovalRules.Check(record.StepPath, bookmark, actor);
            var audit = Audit(actor, approve ? "step.approve" : "step.reject", runId, record.StepPath, null);
            if (!approve)
            {
                var error = new StepError(TimerSteps.ApprovalRejectedCode, $"rejected by {actor.Name}{(actor.Reason is null ? "" : $": {actor.Reason}")}", false);
                return new RunDecision
                {
                    Run = run with { Status = RunStatus.Faulted, Error = error.Message, WakeAt = null, UpdatedAt = Now },
                    Journal = [record with { Status = StepStatus.Faulted, EndedAt = Now, Error = error, Bookmark = bookmark }],
                    Audit = audit,
                };
            }

            var approvals = bookmark["approvals"] as JsonArray ?? [];
            approvals.Add(new JsonObject { ["by"] = actor.Name, ["at"] = Now, ["comment"] = actor.Reason });
            bookmark["approvals"] = approvals.DeepClone();
            var enough = approvals.Count >= (bookmark["minApprovals"]?.GetValue<int>() ?? 1);
            return new RunDecision
            {
                Run = enough ? run with { Status = RunStatus.Pending, WakeAt = null, UpdatedAt = Now } : null,
                Journal = [record with { Bookmark = bookmark }],
                Audit = audit,
            };
        }, cancellationToken);

    private async Task<RunRecord> RecordAsync(Guid runId, Func<RunRecord, IReadOnlyList<JournalRecord>, RunDecision> decide, CancellationToken cancellationToken)
    {
        var decided = await Store.DecideAsync(runId, decide, cancellationToken);
        CrashPoints.Committed();
        return decided;
    }

    /// <summary>The run's step tree, for checking that a path an operator names is one of its steps (400 otherwise).</summary>
    private async Task<RunTree> TreeAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await Store.GetRunAsync(runId, cancellationToken) ?? throw new AlterationException($"run {runId} does not exist");
        var definition = await services.Definitions.GetAsync(run.DefinitionId, run.DefinitionVersion, cancellationToken)
            ?? throw new InvalidOperationException($"definition {run.DefinitionId}@{run.DefinitionVersion} of run {runId} is missing");
        return new RunTree(definition, services.Definitions);
    }

    private AuditRecord Audit(Actor actor, string action, Guid runId, string? stepPath, JsonObject? details) =>
        new(0, Now, actor.Name, action, runId, stepPath, actor.Reason, details, actor.Source);

    /// <summary>Edited inputs may hold secrets; the audit log keeps only which fields changed.</summary>
    private static JsonArray Mask(JsonObject inputs) => new(inputs.Select(p => (JsonNode?)JsonValue.Create(p.Key)).ToArray());

    private static string Paths(IEnumerable<JournalRecord> records)
    {
        var list = records.Select(r => r.StepPath).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private static string Describe(RunStatus status) => status.ToString().ToLowerInvariant();

    private sealed record RunTree(WorkflowDefinition Definition, ClusterWorkflows.Definitions.IDefinitionResolver Resolver)
    {
        public Step? Find(string path) => StepTree.Find(Definition, path, Resolver);

        public Step Require(string path) => Find(path) ?? throw new AlterationInputException(
            path,
            $"'{Shorten(path)}' is not a step of workflow {Definition.Id}@{Definition.Version}");

        private static string Shorten(string path)
        {
            var printable = new string(path.Take(120).Select(c => char.IsControl(c) ? '?' : c).ToArray());
            return path.Length > 120 ? printable + $"… ({path.Length} characters)" : printable;
        }
    }
}
