using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Execution;

/// <summary>
/// Interprets the step tree. Every walk starts from the root: finished steps are replayed from the
/// journal (their outputs and variable assignments), so a resumed run continues exactly where the
/// previous worker stopped. Containers are pure functions of their children's journaled results,
/// which keeps replay deterministic.
/// </summary>
public sealed partial class Walker(RunContext ctx)
{
    private readonly ActivityRunner activities = new(ctx);
    private readonly TimerSteps timers = new(ctx);

    /// <summary>Runs steps one after another, stopping at the first that does not finish.</summary>
    public async Task<StepOutcome> RunListAsync(IReadOnlyList<Step> steps, Frame frame)
    {
        foreach (var step in steps)
        {
            var outcome = await RunStepAsync(step, frame);
            if (!outcome.IsFinished)
            {
                return outcome;
            }
        }

        return StepOutcome.Done;
    }

    public async Task<StepOutcome> RunStepAsync(Step step, Frame frame)
    {
        ctx.Stop.ThrowIfCancellationRequested();
        var path = StepPath.Child(frame.Path, step.Id);
        var latest = ctx.Journal.Latest(path);
        if (latest?.Status == StepStatus.Skipped)
        {
            frame.Results.Set(step.Id, StepResults.Entry("skipped", false, latest.Outputs, null));
            return StepOutcome.Skip;
        }

        if (step.When is not null)
        {
            var guard = await Guards.ConditionAsync(ctx, step, path, frame, step.When);
            if (guard.Fault is not null)
            {
                return guard.Fault;
            }

            if (!guard.Value)
            {
                await ctx.CheckpointAsync(Guards.Record(ctx, step, path, frame, StepStatus.Skipped));
                frame.Results.Set(step.Id, StepResults.Entry("skipped", false, null, null));
                return StepOutcome.Skip;
            }
        }

        var outcome = step switch
        {
            ActivityStep a => await activities.RunAsync(a, path, frame),
            SequenceStep s => await Contained(s, RunListAsync(s.Steps, frame.Under(path)), frame),
            ParallelStep p => await Contained(p, ParallelAsync(p, path, frame), frame),
            ForEachStep f => await ForEachAsync(f, path, frame),
            IfStep i => await Contained(i, IfAsync(i, path, frame), frame),
            SwitchStep s => await Contained(s, SwitchAsync(s, path, frame), frame),
            TryStep t => await Contained(t, TryAsync(t, path, frame), frame),
            ApprovalStep a => await timers.ApprovalAsync(a, path, frame),
            DelayStep d => await timers.DelayAsync(d, path, frame),
            WaitUntilStep w => await timers.WaitUntilAsync(w, path, frame),
            CallStep c => await CallAsync(c, path, frame),
            _ => throw new InvalidOperationException($"unknown step kind {step.GetType().Name}"),
        };

        if (outcome.Kind == OutcomeKind.Faulted && step.ContinueOnError && Catchable(outcome))
        {
            await MarkHandledAsync(outcome.Faults);
            frame.Results.Set(step.Id, StepResults.Entry("faulted", false, null, outcome.Error));
            return StepOutcome.Done;
        }

        return outcome;
    }

    private static async Task<StepOutcome> Contained(Step step, Task<StepOutcome> body, Frame frame)
    {
        var outcome = await body;
        frame.Results.Set(step.Id, StepResults.Entry(Status(outcome.Kind), false, outcome.Outputs, outcome.Error));
        return outcome;
    }

    private static string Status(OutcomeKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>A crashed non-idempotent step needs a person; no runbook construct may swallow that.</summary>
    private static bool Catchable(StepOutcome outcome) =>
        outcome.Error?.Code != ActivityRunner.InterruptedCode;

    public async Task MarkHandledAsync(IReadOnlyList<FaultRef> faults)
    {
        foreach (var fault in faults)
        {
            var record = ctx.Journal.Latest(fault.Path);
            if (record is { Status: StepStatus.Faulted, Handled: false } && record.Attempt == fault.Attempt)
            {
                await ctx.CheckpointAsync(record with { Handled = true });
            }
        }
    }

    private async Task<StepOutcome> ParallelAsync(ParallelStep step, string path, Frame frame)
    {
        var inner = frame.Under(path);
        var outcomes = await Task.WhenAll(step.Branches.Select(b => RunStepAsync(b, inner)));
        return StepOutcome.Combine(outcomes);
    }

    private async Task<StepOutcome> IfAsync(IfStep step, string path, Frame frame)
    {
        var guard = await Guards.ConditionAsync(ctx, step, path, frame, step.Condition);
        if (guard.Fault is not null)
        {
            return guard.Fault;
        }

        return await RunListAsync(guard.Value ? step.Then : step.Else, frame.Under(path));
    }

    private async Task<StepOutcome> SwitchAsync(SwitchStep step, string path, Frame frame)
    {
        var guard = await Guards.ValueAsync(ctx, step, path, frame, step.Value);
        if (guard.Fault is not null)
        {
            return guard.Fault;
        }

        var text = Expressions.ExpressionEvaluator.ToText(guard.Value);
        var match = step.Cases.FirstOrDefault(c => string.Equals(c.Match, text, StringComparison.Ordinal));
        return await RunListAsync(match?.Steps ?? step.Default, frame.Under(path));
    }

    private async Task<StepOutcome> TryAsync(TryStep step, string path, Frame frame)
    {
        var inner = frame.Under(path);
        var outcome = await RunListAsync(step.Try, inner);
        if (outcome.Kind == OutcomeKind.Faulted && step.Catch.Count > 0 && Catchable(outcome))
        {
            await MarkHandledAsync(outcome.Faults);
            var error = new JsonObject { ["code"] = outcome.Error!.Code, ["message"] = outcome.Error.Message };
            outcome = await RunListAsync(step.Catch, inner with { CaughtError = error });
        }

        if (step.Finally.Count > 0 && outcome.Kind != OutcomeKind.Waiting)
        {
            var cleanup = await RunListAsync(step.Finally, inner with { InFinally = true });
            if (!cleanup.IsFinished)
            {
                return cleanup;
            }
        }

        return outcome;
    }

    private async Task<StepOutcome> CallAsync(CallStep step, string path, Frame frame)
    {
        var child = ctx.Resolver.Resolve(step.Workflow, step.Version);
        if (child is null)
        {
            return await Guards.FaultAsync(ctx, step, path, frame, new StepError("call.unknown-workflow", $"workflow {step.Workflow}@{step.Version} is not known", false));
        }

        var rendered = await Guards.RenderAsync(ctx, step, path, frame, step.With);
        if (rendered.Fault is not null)
        {
            return rendered.Fault;
        }

        var inputs = InputBinding.Bind(child, rendered.Value as JsonObject ?? []);
        if (inputs.Errors.Count > 0)
        {
            return await Guards.FaultAsync(ctx, step, path, frame, new StepError("call.inputs", string.Join("; ", inputs.Errors), false));
        }

        var childFrame = new Frame
        {
            Definition = child,
            Inputs = inputs.Values,
            Results = new StepResults(),
            Path = path,
            InFinally = frame.InFinally,
        };
        var outcome = await RunListAsync(child.Steps, childFrame);
        if (!outcome.IsFinished)
        {
            frame.Results.Set(step.Id, StepResults.Entry(Status(outcome.Kind), false, null, outcome.Error));
            return outcome;
        }

        var outputs = new JsonObject();
        foreach (var (name, expression) in child.Outputs)
        {
            outputs[name] = ctx.Evaluator.Render(expression, ctx.Scope(childFrame));
        }

        frame.Results.Set(step.Id, StepResults.Entry("completed", false, outputs, null));
        return StepOutcome.Done with { Outputs = outputs };
    }
}
