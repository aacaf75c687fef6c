using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Expressions;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Execution;

public readonly record struct Guarded<T>(T Value, StepOutcome? Fault);

/// <summary>
/// Expression evaluation on behalf of a step. A failing expression becomes a journaled, non-retryable
/// fault of that step (an incident an operator can see, fix with edited inputs, skip or retry).
/// </summary>
internal static class Guards
{
    public const string ExpressionErrorCode = "expression.error";

    public static async Task<Guarded<bool>> ConditionAsync(RunContext ctx, Step step, string path, Frame frame, string code)
    {
        try
        {
            var value = ctx.Evaluator.EvaluateCondition(code, ctx.Scope(frame));
            await ClearStaleFaultAsync(ctx, step, path);
            return new(value, null);
        }
        catch (ExpressionException ex)
        {
            return new(false, await FaultAsync(ctx, step, path, frame, new StepError(ExpressionErrorCode, ex.Message, false)));
        }
    }

    public static async Task<Guarded<JsonNode?>> ValueAsync(RunContext ctx, Step step, string path, Frame frame, string codeOrTemplate)
    {
        try
        {
            var code = Template.IsSingleExpression(codeOrTemplate, out var inner) ? inner : codeOrTemplate;
            var value = Template.ContainsExpression(codeOrTemplate) && !Template.IsSingleExpression(codeOrTemplate, out _)
                ? ctx.Evaluator.RenderString(codeOrTemplate, ctx.Scope(frame))
                : ctx.Evaluator.Evaluate(code, ctx.Scope(frame));
            await ClearStaleFaultAsync(ctx, step, path);
            return new(value, null);
        }
        catch (ExpressionException ex)
        {
            return new(null, await FaultAsync(ctx, step, path, frame, new StepError(ExpressionErrorCode, ex.Message, false)));
        }
    }

    public static async Task<Guarded<JsonNode?>> RenderAsync(RunContext ctx, Step step, string path, Frame frame, JsonNode? template)
    {
        try
        {
            var value = ctx.Evaluator.Render(template, ctx.Scope(frame));
            await ClearStaleFaultAsync(ctx, step, path);
            return new(value, null);
        }
        catch (ExpressionException ex)
        {
            return new(null, await FaultAsync(ctx, step, path, frame, new StepError(ExpressionErrorCode, ex.Message, false)));
        }
    }

    /// <summary>Journals a fault of <paramref name="step"/> itself and returns it as an outcome.</summary>
    public static async Task<StepOutcome> FaultAsync(RunContext ctx, Step step, string path, Frame frame, StepError error)
    {
        var record = Record(ctx, step, path, frame, StepStatus.Faulted) with
        {
            Error = error,
            EndedAt = ctx.Now,
        };
        var written = await ctx.CheckpointAsync(record);
        return StepOutcome.Fault(written.Error!, [new FaultRef(path, written.Attempt)]);
    }

    public static JournalRecord Record(RunContext ctx, Step step, string path, Frame frame, StepStatus status) => new()
    {
        RunId = ctx.Run.Id,
        StepPath = path,
        StepId = step.Id,
        ItemKey = frame.ItemKey,
        Attempt = ctx.Journal.NextAttempt(path),
        Status = status,
        StartedAt = ctx.Now,
        EndedAt = status is StepStatus.Running or StepStatus.Waiting ? null : ctx.Now,
    };

    /// <summary>
    /// A container whose expression failed earlier (an incident the operator then retried) records
    /// that it got past it, so the old fault no longer shows as an open incident.
    /// </summary>
    private static async Task ClearStaleFaultAsync(RunContext ctx, Step step, string path)
    {
        if (step is ActivityStep or DelayStep or WaitUntilStep or ApprovalStep)
        {
            return;
        }

        if (ctx.Journal.Latest(path) is { Status: StepStatus.Faulted, Handled: false } stale)
        {
            await ctx.CheckpointAsync(stale with { Attempt = ctx.Journal.NextAttempt(path), Status = StepStatus.Completed, Error = null, EndedAt = ctx.Now, Sequence = 0 });
        }
    }
}
