using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Runtime.Logging;
using ClusterWorkflows.Runtime.Progress;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Sdk.Registration;
using ClusterWorkflows.Store;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;

namespace ClusterWorkflows.Runtime.Execution;

/// <summary>
/// Runs one activity step: replays it from the journal when it already finished, otherwise executes
/// attempts under the runbook's retry policy, checkpointing the start and the end of every attempt.
/// </summary>
public sealed class ActivityRunner(RunContext ctx)
{
    public const string InterruptedCode = "step.interrupted";
    public const string TimeoutCode = "step.timeout";

    public async Task<StepOutcome> RunAsync(ActivityStep step, string path, Frame frame)
    {
        var latest = ctx.Journal.Latest(path);
        var registration = ctx.Catalog.Find(step.Uses, step.UsesVersion);
        switch (latest?.Status)
        {
            case StepStatus.Completed:
                return Replay(step, frame, latest);
            case StepStatus.Faulted when latest.Handled || !RetryPolicyContinues(step, path, latest):
                // A fault stands until a person decides: the operator's retry supersedes it, so a faulted record found
                // here was either absorbed (replayed for its catch) or is an incident no one has decided on yet.
                frame.Results.Set(step.Id, StepResults.Entry("faulted", false, null, latest.Error));
                return StepOutcome.Fault(latest.Error!, [new FaultRef(path, latest.Attempt)]);
            case StepStatus.Running:
                var interrupted = await InterruptedAsync(step, path, latest, registration);
                if (interrupted is not null)
                {
                    return interrupted;
                }

                break;
        }

        if (ctx.Cancel.IsCancellationRequested && !frame.InFinally)
        {
            return StepOutcome.Cancel;
        }

        if (registration is null)
        {
            var version = step.UsesVersion is { } v ? $"@{v}" : "";
            return await Guards.FaultAsync(ctx, step, path, frame, new StepError("activity.unknown", $"activity {step.Uses}{version} is not registered in this engine", false));
        }

        if (ctx.CheckMode && !registration.Descriptor.SupportsCheckMode)
        {
            var skipped = Guards.Record(ctx, step, path, frame, StepStatus.Skipped) with
            {
                Outputs = new JsonObject { ["checkMode"] = "unsupported" },
            };
            await ctx.CheckpointAsync(skipped);
            frame.Results.Set(step.Id, StepResults.Entry("skipped", false, null, null));
            return StepOutcome.Skip;
        }

        var rendered = await Guards.RenderAsync(ctx, step, path, frame, step.With);
        if (rendered.Fault is not null)
        {
            return rendered.Fault;
        }

        var inputs = (rendered.Value as JsonObject) ?? [];
        if (ctx.Run.InputOverrides[path] is JsonObject overrides)
        {
            foreach (var (key, value) in overrides)
            {
                inputs[key] = value?.DeepClone();
            }
        }

        Sdk.Descriptors.InputCoercion.Coerce(registration.Descriptor, inputs);
        RegisterSecrets(registration.Descriptor.Inputs, inputs);
        return await ExecuteAsync(step, path, frame, registration, inputs);
    }

    /// <summary>
    /// The engine stopped between two attempts of a retry policy: the runbook's own policy already decided that
    /// this error may be tried again, so the remaining attempts run.
    /// </summary>
    private bool RetryPolicyContinues(ActivityStep step, string path, JournalRecord fault) =>
        fault.Error is { Retryable: true } error
        && step.Retry is { } policy
        && (policy.On.Count == 0 || policy.On.Contains(error.Code, StringComparer.Ordinal))
        && ctx.Journal.FaultedAttempts(path) < policy.MaxAttempts;

    private StepOutcome Replay(ActivityStep step, Frame frame, JournalRecord record)
    {
        foreach (var (name, value) in record.Variables ?? [])
        {
            ctx.Variables[name] = value?.DeepClone();
        }

        frame.Results.Set(step.Id, StepResults.Entry("completed", record.Changed, record.Outputs, null));
        return StepOutcome.Done with { Outputs = record.Outputs };
    }

    /// <summary>
    /// A record still "running" means its worker died mid-step. Idempotent steps simply run again;
    /// the others stop the run with an incident until a person decides (retry or skip).
    /// </summary>
    private async Task<StepOutcome?> InterruptedAsync(ActivityStep step, string path, JournalRecord stale, ActivityRegistration? registration)
    {
        var idempotent = step.Idempotent ?? registration?.Descriptor.Idempotent ?? true;
        if (idempotent)
        {
            await ctx.CheckpointAsync(stale with { Status = StepStatus.Interrupted, EndedAt = ctx.Now, Handled = true });
            return null;
        }

        var error = new StepError(
            InterruptedCode,
            $"the engine stopped while step '{path}' was running and it is not safe to run twice; check the target, then retry the step to run it again or skip it with its outputs",
            false);
        var written = await ctx.CheckpointAsync(stale with { Status = StepStatus.Faulted, EndedAt = ctx.Now, Error = error });
        return StepOutcome.Fault(error, [new FaultRef(path, written.Attempt)]);
    }

    private async Task<StepOutcome> ExecuteAsync(ActivityStep step, string path, Frame frame, ActivityRegistration registration, JsonObject inputs)
    {
        var masked = Mask(registration.Descriptor.Inputs, inputs);
        JournalRecord? last = null;
        ActivityInvocation? result = null;
        var pipeline = Pipeline(step.Retry, ctx.Journal.FaultedAttempts(path));
        using var stopOrCancel = CancellationTokenSource.CreateLinkedTokenSource(frame.InFinally ? [ctx.Stop] : [ctx.Stop, ctx.Cancel]);
        try
        {
            await pipeline.ExecuteAsync(
                async token =>
                {
                    (last, result) = await AttemptAsync(step, path, frame, registration, inputs, masked);
                },
                stopOrCancel.Token);
        }
        catch (StepFailure failure)
        {
            frame.Results.Set(step.Id, StepResults.Entry("faulted", false, null, failure.Error));
            return StepOutcome.Fault(failure.Error, [new FaultRef(path, failure.Record.Attempt)]);
        }
        catch (OperationCanceledException) when (!ctx.Stop.IsCancellationRequested && ctx.Cancel.IsCancellationRequested)
        {
            return StepOutcome.Cancel;
        }

        frame.Results.Set(step.Id, StepResults.Entry("completed", result!.Changed, last!.Outputs, null));
        return StepOutcome.Done with { Outputs = last.Outputs };
    }

    private async Task<(JournalRecord Record, ActivityInvocation? Result)> AttemptAsync(
        ActivityStep step, string path, Frame frame, ActivityRegistration registration, JsonObject inputs, JsonObject masked)
    {
        var running = Guards.Record(ctx, step, path, frame, StepStatus.Running) with { Inputs = masked };
        var idempotent = step.Idempotent ?? registration.Descriptor.Idempotent;
        using var started = await StartCheckpoint.BeginAsync(ctx, running, idempotent ? ctx.Options.DeferStartCheckpoint : null);
        // Disposed as soon as the activity returns: a held report must not follow the step's final record.
        using var progress = new ProgressThrottle(ctx, path, running.Attempt, frame.ItemKey);
        var context = new ActivityContext
        {
            RunId = ctx.Run.Id.ToString(),
            StepPath = path,
            Attempt = running.Attempt,
            IdempotencyKey = $"{ctx.Run.Id}/{path}",
            Log = new StepLog(ctx.Logs, path, running.Attempt),
            Progress = progress,
            Time = ctx.Time,
            CheckMode = ctx.CheckMode,
            ItemKey = frame.ItemKey,
            Secrets = ctx.Vault,
        };

        using var timeout = step.Timeout is { } limit ? new CancellationTokenSource(limit, ctx.Time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            frame.InFinally ? [ctx.Stop, timeout.Token] : [ctx.Stop, ctx.Cancel, timeout.Token]);
        try
        {
            ActivityInvocation result;
            try
            {
                // A scope per attempt: a scoped service (a unit of work, a per-call client) lives exactly as long as
                // one attempt and is disposed after it, as users of Microsoft.Extensions.DependencyInjection expect.
                await using var scope = ctx.Services.CreateAsyncScope();
                result = await registration.Invoke(scope.ServiceProvider, inputs.DeepClone().AsObject(), context, linked.Token);
            }
            finally
            {
                progress.Dispose();
            }

            RegisterSecrets(registration.Descriptor.Outputs, result.Outputs);
            var variables = result.SetVariables is null ? null : new JsonObject(result.SetVariables.Select(v => KeyValuePair.Create(v.Key, v.Value?.DeepClone())));
            foreach (var (name, value) in variables ?? [])
            {
                ctx.Variables[name] = value?.DeepClone();
            }

            var done = running with { Status = StepStatus.Completed, EndedAt = ctx.Now, Outputs = result.Outputs, Changed = result.Changed, Variables = variables };
            var update = variables is null ? null : new RunStateUpdate { Variables = ctx.VariablesSnapshot(), UpdatedAt = ctx.Now };
            await started.SettleAsync();
            return (await ctx.CheckpointAsync(done, update), result);
        }
        catch (OperationCanceledException) when (ctx.Stop.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (ctx.Cancel.IsCancellationRequested && !frame.InFinally)
        {
            await started.SettleAsync();
            await ctx.CheckpointAsync(running with { Status = StepStatus.Cancelled, EndedAt = ctx.Now, Error = new StepError("run.cancelled", "cancelled by an operator", false) });
            throw;
        }
        catch (Exception ex) when (ex is not ActivityException || timeout.IsCancellationRequested)
        {
            var error = timeout.IsCancellationRequested
                ? new StepError(TimeoutCode, $"step '{path}' timed out after {Duration.Format(step.Timeout!.Value)}", true)
                : new StepError("activity.error", $"{ex.GetType().Name}: {ex.Message}", true);
            await started.SettleAsync();
            var failed = await ctx.CheckpointAsync(running with { Status = StepStatus.Faulted, EndedAt = ctx.Now, Error = error });
            throw new StepFailure(failed, error);
        }
        catch (ActivityException ex)
        {
            var error = new StepError(ex.Code, ex.Message, ex.Retryable);
            await started.SettleAsync();
            var failed = await ctx.CheckpointAsync(running with { Status = StepStatus.Faulted, EndedAt = ctx.Now, Error = error });
            throw new StepFailure(failed, failed.Error!);
        }
    }

    /// <summary>The policy's remaining attempts: <paramref name="used"/> of them faulted before the engine stopped.</summary>
    private ResiliencePipeline Pipeline(RetryPolicy? policy, int used)
    {
        if (policy is null || policy.MaxAttempts - used <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        var codes = policy.On.ToHashSet(StringComparer.Ordinal);
        return new ResiliencePipelineBuilder { TimeProvider = ctx.Time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = policy.MaxAttempts - used - 1,
                Delay = policy.Delay,
                MaxDelay = policy.MaxDelay,
                UseJitter = false,
                BackoffType = policy.Backoff switch
                {
                    BackoffKind.Constant => DelayBackoffType.Constant,
                    BackoffKind.Linear => DelayBackoffType.Linear,
                    _ => DelayBackoffType.Exponential,
                },
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is StepFailure { Error.Retryable: true } f
                    && (codes.Count == 0 || codes.Contains(f.Error.Code))),
            })
            .Build();
    }

    private void RegisterSecrets(IReadOnlyList<Sdk.Descriptors.PropertyDescriptor> properties, JsonObject values)
    {
        foreach (var p in properties.Where(p => p.Secret))
        {
            if (values[p.Name] is JsonValue v && v.TryGetValue<string>(out var s))
            {
                ctx.Redactor.Add(s);
            }
        }
    }

    private static JsonObject Mask(IReadOnlyList<Sdk.Descriptors.PropertyDescriptor> properties, JsonObject inputs)
    {
        var masked = inputs.DeepClone().AsObject();
        foreach (var p in properties.Where(p => p.Secret && masked.ContainsKey(p.Name)))
        {
            masked[p.Name] = Secrets.Redactor.Mask;
        }

        return masked;
    }
}

/// <summary>A journaled failed attempt, thrown to the retry pipeline.</summary>
public sealed class StepFailure(JournalRecord record, StepError error)
    : ActivityException(error.Code, error.Message, error.Retryable)
{
    public JournalRecord Record { get; } = record;
    public StepError Error { get; } = error;
}
