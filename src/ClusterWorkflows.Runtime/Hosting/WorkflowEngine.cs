using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Expressions;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Hosting;

public sealed record StartRunRequest
{
    public required string DefinitionId { get; init; }
    public int? Version { get; init; }
    public JsonObject Inputs { get; init; } = [];
    public bool CheckMode { get; init; }

    /// <summary>The inventory YAML, snapshotted into the run so a resume sees the same hosts.</summary>
    public string? Inventory { get; init; }

    public string Actor { get; init; } = "cli";

    /// <summary>What started the run (<c>cli</c>, <c>schedule:ID</c>, ...); stored on the run.</summary>
    public string TriggeredBy { get; init; } = "cli";

    /// <summary>Where the request came from (a host name, a client address), for the audit log.</summary>
    public string Source { get; init; } = Environment.MachineName;

    /// <summary>At most one active run per key (see <see cref="RunRecord.DedupKey"/>).</summary>
    public string? DedupKey { get; init; }
}

/// <summary>Inputs that do not fit the workflow: every problem, each naming its input.</summary>
public sealed class RunInputsInvalidException(string workflow, IReadOnlyList<string> errors)
    : Exception($"invalid inputs for {workflow}:{Environment.NewLine}{ProblemList.Format(errors)}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// Starts runs and drives them: claims runnable runs (with a lease), executes them, and follows
/// timers. Any number of engine processes can do this against one store.
/// </summary>
public sealed class WorkflowEngine(EngineServices services)
{
    private readonly RunExecutor executor = new(services);
    private volatile DeadOwnerSnapshot? deadOwners;

    public EngineServices Services => services;

    public async Task<RunRecord> StartRunAsync(StartRunRequest request, CancellationToken cancellationToken)
    {
        var run = await PrepareRunAsync(request, cancellationToken);
        await services.Store.CreateRunAsync(run, cancellationToken);
        CrashPoints.Committed();
        await AuditStartAsync(run, request.Actor, request.Source, cancellationToken);
        return run;
    }

    /// <summary>
    /// Builds a valid, not yet stored run: the definition resolved, inputs bound to their declared
    /// types (every problem reported at once), secret inputs encrypted, the concurrency key evaluated.
    /// The scheduler stores it together with its fire record, in one transaction.
    /// </summary>
    public async Task<RunRecord> PrepareRunAsync(StartRunRequest request, CancellationToken cancellationToken)
    {
        var definition = await services.Definitions.GetAsync(request.DefinitionId, request.Version, cancellationToken)
            ?? throw new KeyNotFoundException(request.Version is { } v
                ? $"workflow {request.DefinitionId}@{v} is not saved"
                : $"workflow {request.DefinitionId} is not saved (run a file path, or save it first)");
        var bound = InputBinding.Bind(definition, request.Inputs);
        if (bound.Errors.Count > 0)
        {
            throw new RunInputsInvalidException(definition.Reference, bound.Errors);
        }

        if (request.Inventory is not null)
        {
            RunInputs.ParseInventory(request.Inventory, "the given inventory");
        }

        var id = Guid.CreateVersion7();
        var (visible, protectedInputs) = RunInputs.Protect(definition, bound.Values, services.Protector, id);
        var now = services.Time.GetUtcNow();
        return new RunRecord
        {
            Id = id,
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            Status = RunStatus.Pending,
            Inputs = visible,
            ProtectedInputs = protectedInputs,
            ConcurrencyKey = ConcurrencyKey(definition, bound.Values),
            CheckMode = request.CheckMode,
            Inventory = request.Inventory,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = request.Actor,
            TriggeredBy = request.TriggeredBy,
            DedupKey = request.DedupKey,
        };
    }

    public Task AuditStartAsync(RunRecord run, string actor, CancellationToken cancellationToken) =>
        AuditStartAsync(run, actor, Environment.MachineName, cancellationToken);

    public Task AuditStartAsync(RunRecord run, string actor, string source, CancellationToken cancellationToken) =>
        services.Store.AppendAuditAsync(
            new AuditRecord(0, run.CreatedAt, actor, run.CheckMode ? "run.check" : "run.start", run.Id, null, null,
                new JsonObject { ["workflow"] = $"{run.DefinitionId}@{run.DefinitionVersion}", ["inputs"] = run.Inputs.DeepClone(), ["triggeredBy"] = run.TriggeredBy }, source),
            cancellationToken);

    private string? ConcurrencyKey(WorkflowDefinition definition, JsonObject inputs)
    {
        if (string.IsNullOrWhiteSpace(definition.Concurrency))
        {
            return null;
        }

        var scope = new ExpressionScope().Set("inputs", inputs);
        return ExpressionEvaluator.ToText(services.Evaluator.RenderString(definition.Concurrency, scope));
    }

    /// <summary>Claims and executes one specific run once. Null when it is not claimable now.</summary>
    public async Task<RunRecord?> ExecuteOnceAsync(Guid runId, CancellationToken cancellationToken)
    {
        var lease = await ClaimAsync(runId, cancellationToken);
        return lease is null ? null : await executor.ExecuteAsync(lease, cancellationToken);
    }

    /// <summary>
    /// Drives one run until it completes, faults, is cancelled or waits for a person. Timers are
    /// followed in-process; a run blocked by its concurrency key or by another worker is polled.
    /// </summary>
    public async Task<RunRecord> RunToSettledAsync(Guid runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = await ExecuteOnceAsync(runId, cancellationToken)
                ?? await services.Store.GetRunAsync(runId, cancellationToken)
                ?? throw new KeyNotFoundException($"run {runId} does not exist");
            switch (run.Status)
            {
                case RunStatus.Completed or RunStatus.Cancelled or RunStatus.Faulted:
                    return run;
                case RunStatus.Waiting when run.WakeAt is null:
                    return run;
                case RunStatus.Waiting:
                    var wait = run.WakeAt!.Value - services.Time.GetUtcNow();
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, services.Time, cancellationToken);
                    }

                    break;
                default:
                    await Task.Delay(TimeSpan.FromMilliseconds(250), services.Time, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>Executes every run that is claimable now (interrupted, pending, due), one at a time. Returns how many.</summary>
    public async Task<int> ProcessAvailableAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var lease = await ClaimAsync(null, cancellationToken);
            if (lease is null)
            {
                return count;
            }

            await executor.ExecuteAsync(lease, cancellationToken);
            count++;
        }

        return count;
    }

    /// <summary>
    /// A worker: processes runs until stopped, <paramref name="parallelism"/> at a time. Idle
    /// loops wait for the store's work signal (PostgreSQL LISTEN/NOTIFY) or, at most,
    /// <paramref name="pollInterval"/> (due timers and stores without a signal). Stopping hands
    /// running runs back at once.
    /// </summary>
    public async Task WorkAsync(int parallelism, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var signal = services.Store as IWorkSignal;
        var workers = Enumerable.Range(0, Math.Max(1, parallelism)).Select(async _ =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (await ProcessAvailableAsync(cancellationToken) > 0)
                    {
                        continue;
                    }

                    if (signal is not null)
                    {
                        await signal.WaitAsync(pollInterval, cancellationToken);
                    }
                    else
                    {
                        await Task.Delay(pollInterval, services.Time, cancellationToken);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // A worker survives a database outage or an engine bug: report, back off, go on.
                    services.Observer.EngineError(null, ex);
                    try
                    {
                        await Task.Delay(pollInterval, services.Time, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        });
        await Task.WhenAll(workers);
    }

    private async Task<Lease?> ClaimAsync(Guid? runId, CancellationToken cancellationToken)
    {
        var dead = services.Options.DetectLocalDeadOwners ? await DeadOwnersAsync(cancellationToken) : [];
        var lease = await services.Store.TryClaimRunAsync(
            services.Options.WorkerId, services.Time.GetUtcNow(), services.Options.LeaseDuration, runId, dead, cancellationToken);
        if (lease is not null)
        {
            CrashPoints.Committed();
        }

        return lease;
    }

    /// <summary>
    /// Owners of running runs that were processes on this machine and are gone. Recomputed at most
    /// once a second: every idle worker loop claims after each wake-up, and listing running runs
    /// for each of them would turn one notification into a burst of queries.
    /// </summary>
    private async Task<IReadOnlyCollection<string>> DeadOwnersAsync(CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var cached = deadOwners;
        if (cached is not null && now - cached.At < TimeSpan.FromSeconds(1))
        {
            return cached.Owners;
        }

        var running = await services.Store.ListRunsAsync(new RunQuery { Status = RunStatus.Running, Limit = 1000 }, cancellationToken);
        var owners = running.Select(r => r.LeaseOwner).OfType<string>().Distinct(StringComparer.Ordinal)
            .Where(o => o != services.Options.WorkerId && WorkerIdentity.IsDeadLocalOwner(o)).ToList();
        deadOwners = new DeadOwnerSnapshot(now, owners);
        return owners;
    }

    private sealed record DeadOwnerSnapshot(DateTimeOffset At, IReadOnlyCollection<string> Owners);
}
