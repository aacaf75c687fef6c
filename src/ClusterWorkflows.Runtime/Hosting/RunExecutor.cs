using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Expressions;
using ClusterWorkflows.Runtime.Definitions;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Logging;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Secrets;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Hosting;

/// <summary>
/// Executes one claimed run from its root until it completes, waits, faults or is cancelled, with
/// a heartbeat that renews the lease and notices cancel requests. Losing the lease stops the run
/// at once without another write (the new owner's checkpoints win).
/// </summary>
public sealed class RunExecutor(EngineServices services)
{
    public async Task<RunRecord> ExecuteAsync(Lease lease, CancellationToken stopToken)
    {
        var store = services.Store;
        var run = await store.GetRunAsync(lease.RunId, stopToken) ?? throw new InvalidOperationException($"run {lease.RunId} vanished");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        using var cancel = new CancellationTokenSource();
        if (run.CancelRequested)
        {
            await cancel.CancelAsync();
        }

        var redactor = new Redactor();
        await using var logs = new RunLogWriter(store, redactor, services.Observer, services.Time, run.Id);
        var lost = false;
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(lease, cancel, stop, () => lost = true, heartbeatStop.Token);
        try
        {
            var definition = await services.Definitions.GetAsync(run.DefinitionId, run.DefinitionVersion, stop.Token)
                ?? throw new InvalidOperationException($"definition {run.DefinitionId}@{run.DefinitionVersion} of run {run.Id} is missing");
            var inputs = RunInputs.Reveal(run, services.Protector, redactor);
            var inventory = RunInputs.Inventory(run);
            var secrets = await LoadSecretsAsync(definition, inventory, redactor, stop.Token);
            var journal = new JournalIndex(await store.GetJournalAsync(run.Id, stop.Token));
            var ctx = new RunContext(new RunContextParts
            {
                Run = run,
                Lease = lease,
                Store = store,
                Catalog = services.Catalog,
                Services = services.Provider,
                Evaluator = services.Evaluator,
                Redactor = redactor,
                Time = services.Time,
                Options = services.Options,
                Observer = services.Observer,
                Journal = journal,
                Resolver = services.Definitions,
                Secrets = secrets,
                Logs = logs,
                Inventory = inventory,
                Vault = new RunSecretVault(services.Secrets, redactor),
                Cancel = cancel.Token,
                Stop = stop.Token,
            });
            services.Observer.RunExecuting(run, journal.All().Any(r => r.Status == StepStatus.Running && r.WorkerId is { } w && w != services.Options.WorkerId));
            services.Observer.RunChanged(run.Id, RunStatus.Running, null);
            var frame = new Frame { Definition = definition, Inputs = inputs, Results = new StepResults(), Path = "" };
            var outcome = await new Walker(ctx).RunListAsync(definition.Steps, frame);
            var update = Final(ctx, definition, frame, outcome, cancel.IsCancellationRequested);
            // Every log line is stored before anyone can see the run settled (a reader of the end state sees all of them).
            await logs.DisposeAsync();
            await store.UpdateRunAsync(lease, update, release: true, CancellationToken.None);
            CrashPoints.Committed();
            services.Observer.RunChanged(run.Id, update.Status!.Value, update.Error);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutdown or lease loss: hand the run back so another worker resumes it at once.
            if (!lost)
            {
                await TryReleaseAsync(lease);
            }
        }
        catch (LeaseLostException)
        {
            lost = true;
        }
        catch (Exception ex) when (ex is DefinitionInvalidException or ExpressionException or Secrets.SecretException or InvalidOperationException)
        {
            var error = redactor.Redact(ex.Message);
            await logs.DisposeAsync();
            await store.UpdateRunAsync(lease, new RunStateUpdate { Status = RunStatus.Faulted, Error = error, UpdatedAt = services.Time.GetUtcNow() }, release: true, CancellationToken.None);
            services.Observer.RunChanged(run.Id, RunStatus.Faulted, error);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            if (lost)
            {
                services.Observer.LeaseLost(run.Id);
            }

            if (lost || stop.IsCancellationRequested)
            {
                services.Observer.RunReleased(run.Id);
            }
        }

        return await store.GetRunAsync(run.Id, CancellationToken.None) ?? run;
    }

    private RunStateUpdate Final(RunContext ctx, WorkflowDefinition definition, Frame frame, StepOutcome outcome, bool cancelled)
    {
        var now = services.Time.GetUtcNow();
        var update = new RunStateUpdate { UpdatedAt = now, Variables = ctx.Redactor.Redact(ctx.VariablesSnapshot()) as JsonObject };
        if (outcome.IsFinished && !cancelled)
        {
            var outputs = new JsonObject();
            foreach (var (name, expression) in definition.Outputs)
            {
                try
                {
                    outputs[name] = ctx.Evaluator.Render(expression, ctx.Scope(frame));
                }
                catch (ExpressionException ex)
                {
                    return update with { Status = RunStatus.Faulted, Error = ctx.Redactor.Redact($"output '{name}': {ex.Message}") };
                }
            }

            return update with { Status = RunStatus.Completed, Outputs = ctx.Redactor.Redact(outputs) as JsonObject, EndedAt = now, ClearError = true, ClearWakeAt = true };
        }

        return outcome.Kind switch
        {
            _ when cancelled => update with { Status = RunStatus.Cancelled, EndedAt = now, ClearWakeAt = true, Error = "cancelled" },
            OutcomeKind.Waiting => outcome.WakeAt is { } wake
                ? update with { Status = RunStatus.Waiting, WakeAt = wake, ClearError = true }
                : update with { Status = RunStatus.Waiting, ClearWakeAt = true, ClearError = true },
            OutcomeKind.Cancelled => update with { Status = RunStatus.Cancelled, EndedAt = now, ClearWakeAt = true },
            _ => update with { Status = RunStatus.Faulted, Error = ctx.Redactor.Redact(outcome.Error?.Message ?? "faulted"), ClearWakeAt = true },
        };
    }

    private async Task HeartbeatAsync(Lease lease, CancellationTokenSource cancel, CancellationTokenSource stop, Action onLost, CancellationToken token)
    {
        using var timer = new PeriodicTimer(services.Options.HeartbeatInterval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                var renewed = await services.Store.RenewLeaseAsync(lease, services.Time.GetUtcNow() + services.Options.LeaseDuration, token);
                if (!renewed)
                {
                    onLost();
                    await stop.CancelAsync();
                    return;
                }

                var current = await services.Store.GetRunAsync(lease.RunId, token);
                if (current?.CancelRequested == true && !cancel.IsCancellationRequested)
                {
                    await cancel.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task TryReleaseAsync(Lease lease)
    {
        try
        {
            await services.Store.UpdateRunAsync(lease, new RunStateUpdate { Status = RunStatus.Pending, UpdatedAt = services.Time.GetUtcNow() }, release: true, CancellationToken.None);
        }
        catch (LeaseLostException)
        {
        }
    }

    /// <summary>
    /// Decrypts only the secrets the runbook (and the workflows it calls) or the inventory name, and
    /// registers each for redaction before any step runs.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> LoadSecretsAsync(
        WorkflowDefinition definition, Inventory.HostInventory? inventory, Redactor redactor, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(services.Definitions.SecretNames(definition), StringComparer.Ordinal);
        foreach (var reference in inventory?.SecretReferences() ?? [])
        {
            names.Add(reference.Name);
        }

        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (await services.Secrets.GetAsync(name, cancellationToken) is { } value)
            {
                redactor.Add(value);
                secrets[name] = value;
            }
        }

        return secrets;
    }
}
