using System.Text.Json.Nodes;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Alterations;

/// <summary>Who asks for an alteration and why; every alteration is audited with it.</summary>
public sealed record Actor(string Name, string? Reason = null, string? Source = null);

/// <summary>
/// Operator decisions on a run: retry (optionally with edited inputs), skip a step with given
/// outputs, resume from a chosen step, cancel, approve or reject. Each moves the run back to
/// Pending so that a worker (or the calling CLI) continues it, and is written to the audit log.
/// </summary>
public sealed class RunAlterations(EngineServices services)
{
    private IWorkflowStore Store => services.Store;

    private DateTimeOffset Now => services.Time.GetUtcNow();

    public async Task<RunRecord> RetryAsync(Guid runId, string? stepPath, JsonObject? inputs, Actor actor, CancellationToken cancellationToken)
    {
        var run = await GetAsync(runId, cancellationToken);
        if (run.Status != RunStatus.Faulted)
        {
            throw new AlterationException($"run {runId} is {Describe(run.Status)}; only a faulted run can be retried");
        }

        var open = Incidents.Open(await Store.GetJournalAsync(runId, cancellationToken));
        if (stepPath is not null && open.All(r => r.StepPath != stepPath))
        {
            throw new AlterationException($"step '{stepPath}' has no open incident in run {runId} (open: {Paths(open)})");
        }

        if (inputs is not null && stepPath is null)
        {
            if (open.Count != 1)
            {
                throw new AlterationException($"run {runId} has {open.Count} open incidents; name the step whose inputs you edit with --step (open: {Paths(open)})");
            }

            stepPath = open[0].StepPath;
        }

        var updated = await Store.AlterRunAsync(runId, r =>
        {
            var overrides = r.InputOverrides.DeepClone().AsObject();
            if (inputs is not null)
            {
                var merged = overrides[stepPath!] as JsonObject ?? [];
                foreach (var (k, v) in inputs)
                {
                    merged[k] = v?.DeepClone();
                }

                overrides[stepPath!] = merged.DeepClone();
            }

            return r with { Status = RunStatus.Pending, Error = null, InputOverrides = overrides, UpdatedAt = Now };
        }, evenIfLeased: false, cancellationToken);
        await AuditAsync(actor, "run.retry", runId, stepPath, inputs is null ? null : new JsonObject { ["inputs"] = Mask(inputs) }, cancellationToken);
        return updated;
    }

    public async Task<RunRecord> SkipAsync(Guid runId, string stepPath, JsonObject? outputs, Actor actor, CancellationToken cancellationToken)
    {
        var run = await GetAsync(runId, cancellationToken);
        if (run.Status is not (RunStatus.Faulted or RunStatus.Waiting or RunStatus.Pending))
        {
            throw new AlterationException($"run {runId} is {Describe(run.Status)}; a step can be skipped only in a faulted, waiting or pending run");
        }

        var journal = await Store.GetJournalAsync(runId, cancellationToken);
        var latest = Incidents.Latest(journal).FirstOrDefault(r => r.StepPath == stepPath);
        if (latest is { Status: StepStatus.Completed or StepStatus.Skipped })
        {
            throw new AlterationException($"step '{stepPath}' already finished ({latest.Status.ToString().ToLowerInvariant()}); use resume-from to run it again");
        }

        var attempt = journal.Where(r => r.StepPath == stepPath).Select(r => r.Attempt).DefaultIfEmpty(0).Max() + 1;
        var record = new JournalRecord
        {
            RunId = runId,
            StepPath = stepPath,
            StepId = StepIdOf(stepPath),
            ItemKey = latest?.ItemKey,
            Attempt = attempt,
            Status = StepStatus.Skipped,
            StartedAt = Now,
            EndedAt = Now,
            Outputs = outputs ?? [],
            WorkerId = actor.Name,
        };
        await Store.WriteJournalUnleasedAsync(record, r => r with { Status = RunStatus.Pending, Error = null, WakeAt = null, UpdatedAt = Now }, cancellationToken);
        await AuditAsync(actor, "step.skip", runId, stepPath, new JsonObject { ["outputs"] = outputs?.DeepClone() }, cancellationToken);
        return await GetAsync(runId, cancellationToken);
    }

    public async Task<RunRecord> ResumeFromAsync(Guid runId, string stepPath, Actor actor, CancellationToken cancellationToken)
    {
        var run = await GetAsync(runId, cancellationToken);
        if (run.Status is RunStatus.Running or RunStatus.Cancelled)
        {
            throw new AlterationException($"run {runId} is {Describe(run.Status)}; resume-from applies to faulted, waiting, pending or completed runs");
        }

        var journal = await Store.GetJournalAsync(runId, cancellationToken);
        var first = journal.Where(r => !r.Superseded && StepPath.IsWithin(r.StepPath, stepPath)).MinBy(r => r.Sequence)
            ?? throw new AlterationException($"step '{stepPath}' has not run in run {runId}; nothing to resume from");
        await Store.AlterRunAsync(runId, r => r with { Status = RunStatus.Pending, Error = null, Outputs = null, EndedAt = null, WakeAt = null, UpdatedAt = Now }, evenIfLeased: false, cancellationToken);
        await Store.SupersedeJournalAsync(runId, first.Sequence, cancellationToken);
        await AuditAsync(actor, "run.resume-from", runId, stepPath, null, cancellationToken);
        return await GetAsync(runId, cancellationToken);
    }

    public async Task<RunRecord> CancelAsync(Guid runId, Actor actor, CancellationToken cancellationToken)
    {
        var run = await GetAsync(runId, cancellationToken);
        if (run.Status.IsTerminal())
        {
            throw new AlterationException($"run {runId} is already {Describe(run.Status)}");
        }

        // A run a worker holds notices the flag on its next heartbeat; an idle one is queued so that
        // a worker walks it in cancel mode and runs its finally blocks.
        var updated = await Store.AlterRunAsync(runId, r => r with
        {
            CancelRequested = true,
            Status = r.Status == RunStatus.Running ? r.Status : RunStatus.Pending,
            WakeAt = null,
            UpdatedAt = Now,
        }, evenIfLeased: true, cancellationToken);
        await AuditAsync(actor, "run.cancel", runId, null, null, cancellationToken);
        return updated;
    }

    public async Task<RunRecord> DecideAsync(Guid runId, string? stepPath, bool approve, Actor actor, CancellationToken cancellationToken)
    {
        var journal = await Store.GetJournalAsync(runId, cancellationToken);
        var waiting = Incidents.Waiting(journal).Where(Incidents.IsApproval).ToList();
        var record = stepPath is null
            ? waiting.Count == 1 ? waiting[0] : throw new AlterationException(waiting.Count == 0
                ? $"run {runId} is not waiting for an approval"
                : $"run {runId} waits for {waiting.Count} approvals; name one with --step ({Paths(waiting)})")
            : waiting.FirstOrDefault(r => r.StepPath == stepPath)
                ?? throw new AlterationException($"step '{stepPath}' of run {runId} is not waiting for an approval (waiting: {Paths(waiting)})");
        var bookmark = record.Bookmark!.DeepClone().AsObject();
        var approvers = (bookmark["approvers"] as JsonArray ?? []).Select(a => a?.GetValue<string>()).ToList();
        if (approvers.Count > 0 && !approvers.Contains(actor.Name))
        {
            throw new AlterationException($"'{actor.Name}' may not decide on '{record.StepPath}' (approvers: {string.Join(", ", approvers)})");
        }

        var approvals = bookmark["approvals"] as JsonArray ?? [];
        if (approvals.Any(a => a?["by"]?.GetValue<string>() == actor.Name))
        {
            throw new AlterationException($"'{actor.Name}' already approved '{record.StepPath}'; another approver is needed");
        }

        if (approve)
        {
            approvals.Add(new JsonObject { ["by"] = actor.Name, ["at"] = Now, ["comment"] = actor.Reason });
            bookmark["approvals"] = approvals.DeepClone();
            var enough = approvals.Count >= (bookmark["minApprovals"]?.GetValue<int>() ?? 1);
            await Store.WriteJournalUnleasedAsync(record with { Bookmark = bookmark }, r => enough ? r with { Status = RunStatus.Pending, WakeAt = null, UpdatedAt = Now } : r, cancellationToken);
        }
        else
        {
            var error = new StepError(TimerSteps.ApprovalRejectedCode, $"rejected by {actor.Name}{(actor.Reason is null ? "" : $": {actor.Reason}")}", false);
            await Store.WriteJournalUnleasedAsync(
                record with { Status = StepStatus.Faulted, EndedAt = Now, Error = error, Bookmark = bookmark },
                r => r with { Status = RunStatus.Faulted, Error = error.Message, WakeAt = null, UpdatedAt = Now },
                cancellationToken);
        }

        await AuditAsync(actor, approve ? "step.approve" : "step.reject", runId, record.StepPath, null, cancellationToken);
        return await GetAsync(runId, cancellationToken);
    }

    private async Task<RunRecord> GetAsync(Guid runId, CancellationToken cancellationToken) =>
        await Store.GetRunAsync(runId, cancellationToken) ?? throw new AlterationException($"run {runId} does not exist");

    private Task AuditAsync(Actor actor, string action, Guid runId, string? stepPath, JsonObject? details, CancellationToken cancellationToken) =>
        Store.AppendAuditAsync(new AuditRecord(0, Now, actor.Name, action, runId, stepPath, actor.Reason, details, actor.Source), cancellationToken);

    /// <summary>Edited inputs may hold secrets; the audit log keeps only which fields changed.</summary>
    private static JsonArray Mask(JsonObject inputs) => new(inputs.Select(p => (JsonNode?)JsonValue.Create(p.Key)).ToArray());

    private static string StepIdOf(string path)
    {
        var last = path[(path.LastIndexOf('/') + 1)..];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? last : last[..bracket];
    }

    private static string Paths(IEnumerable<JournalRecord> records)
    {
        var list = records.Select(r => r.StepPath).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private static string Describe(RunStatus status) => status.ToString().ToLowerInvariant();
}
