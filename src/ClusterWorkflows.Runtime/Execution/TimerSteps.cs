using System.Globalization;
using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Expressions;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Runtime.Execution;

/// <summary>
/// Steps that wait: delay, waitUntil and approval. Each writes a waiting journal record (the
/// bookmark) and releases the run; whichever worker is alive when the bookmark is due (or an
/// operator approves) resumes it.
/// </summary>
public sealed class TimerSteps(RunContext ctx)
{
    public const string ApprovalTimeoutCode = "approval.timeout";
    public const string ApprovalRejectedCode = "approval.rejected";

    public Task<StepOutcome> DelayAsync(DelayStep step, string path, Frame frame) =>
        WaitAsync(step, path, frame, async () =>
        {
            var value = await ValueAsync(step, path, frame, step.Duration);
            if (value.Fault is not null)
            {
                return (null, value.Fault);
            }

            var text = ExpressionEvaluator.ToText(value.Value);
            return Duration.TryParse(text, out var d)
                ? (ctx.Now + d, null)
                : (null, await Guards.FaultAsync(ctx, step, path, frame, new StepError("delay.invalid", $"'{text}' is not a duration", false)));
        });

    public Task<StepOutcome> WaitUntilAsync(WaitUntilStep step, string path, Frame frame) =>
        WaitAsync(step, path, frame, async () =>
        {
            var value = await ValueAsync(step, path, frame, step.Until);
            if (value.Fault is not null)
            {
                return (null, value.Fault);
            }

            var text = ExpressionEvaluator.ToText(value.Value);
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? (at, null)
                : (null, await Guards.FaultAsync(ctx, step, path, frame, new StepError("waitUntil.invalid", $"'{text}' is not an ISO-8601 instant", false)));
        });

    private async Task<Guarded<JsonNode?>> ValueAsync(Step step, string path, Frame frame, string text) =>
        Template.ContainsExpression(text) ? await Guards.ValueAsync(ctx, step, path, frame, text) : new(JsonValue.Create(text), null);

    private async Task<StepOutcome> WaitAsync(Step step, string path, Frame frame, Func<Task<(DateTimeOffset? Due, StepOutcome? Fault)>> due)
    {
        var latest = ctx.Journal.Latest(path);
        if (latest?.Status == StepStatus.Completed)
        {
            frame.Results.Set(step.Id, StepResults.Entry("completed", false, latest.Outputs, null));
            return StepOutcome.Done;
        }

        if (ctx.Cancel.IsCancellationRequested && !frame.InFinally)
        {
            if (latest?.Status == StepStatus.Waiting)
            {
                await ctx.CheckpointAsync(latest with { Status = StepStatus.Cancelled, EndedAt = ctx.Now });
            }

            return StepOutcome.Cancel;
        }

        if (latest?.Status == StepStatus.Waiting)
        {
            if (latest.DueAt <= ctx.Now)
            {
                await CompleteAsync(step, frame, latest, new JsonObject { ["waitedUntil"] = latest.DueAt });
                return StepOutcome.Done;
            }

            return StepOutcome.Wait(latest.DueAt);
        }

        var (at, fault) = await due();
        if (fault is not null)
        {
            return fault;
        }

        var record = Guards.Record(ctx, step, path, frame, StepStatus.Waiting) with
        {
            DueAt = at,
            Bookmark = new JsonObject { ["kind"] = "timer" },
        };
        if (ctx.CheckMode || at <= ctx.Now)
        {
            await CompleteAsync(step, frame, record, new JsonObject { ["waitedUntil"] = at, ["checkMode"] = ctx.CheckMode });
            return StepOutcome.Done;
        }

        await ctx.CheckpointAsync(record);
        return StepOutcome.Wait(at);
    }

    public async Task<StepOutcome> ApprovalAsync(ApprovalStep step, string path, Frame frame)
    {
        var latest = ctx.Journal.Latest(path);
        switch (latest?.Status)
        {
            case StepStatus.Completed:
                frame.Results.Set(step.Id, StepResults.Entry("completed", false, latest.Outputs, null));
                return StepOutcome.Done;
            case StepStatus.Faulted:
                // Rejected or timed out: it stays so until an operator retries it (which asks again).
                return StepOutcome.Fault(latest.Error!, [new FaultRef(path, latest.Attempt)]);
            case StepStatus.Waiting:
                return await PendingApprovalAsync(step, path, frame, latest);
        }

        if (ctx.Cancel.IsCancellationRequested && !frame.InFinally)
        {
            return StepOutcome.Cancel;
        }

        Guarded<JsonNode?>? message = step.Message is null ? null : await ValueAsync(step, path, frame, step.Message);
        if (message?.Fault is not null)
        {
            return message.Value.Fault;
        }

        var record = Guards.Record(ctx, step, path, frame, StepStatus.Waiting) with
        {
            DueAt = step.ApprovalTimeout is { } t ? ctx.Now + t : null,
            Bookmark = new JsonObject
            {
                ["kind"] = "approval",
                ["message"] = message is null ? null : ExpressionEvaluator.ToText(message.Value.Value),
                ["approvers"] = new JsonArray(step.Approvers.Select(a => JsonValue.Create(a)).ToArray<JsonNode?>()),
                ["role"] = step.Role,
                ["minApprovals"] = step.MinApprovals,
                ["approvals"] = new JsonArray(),
            },
        };
        if (ctx.CheckMode)
        {
            await CompleteAsync(step, frame, record, new JsonObject { ["approvedBy"] = new JsonArray(), ["checkMode"] = true });
            return StepOutcome.Done;
        }

        var written = await ctx.CheckpointAsync(record);
        return StepOutcome.Wait(written.DueAt);
    }

    private async Task<StepOutcome> PendingApprovalAsync(ApprovalStep step, string path, Frame frame, JournalRecord waiting)
    {
        if (ctx.Cancel.IsCancellationRequested && !frame.InFinally)
        {
            await ctx.CheckpointAsync(waiting with { Status = StepStatus.Cancelled, EndedAt = ctx.Now });
            return StepOutcome.Cancel;
        }

        var approvals = waiting.Bookmark?["approvals"] as JsonArray ?? [];
        if (approvals.Count >= step.MinApprovals)
        {
            var outputs = new JsonObject
            {
                ["approvedBy"] = new JsonArray(approvals.Select(a => a?["by"]?.DeepClone()).ToArray()),
                ["comments"] = new JsonArray(approvals.Select(a => a?["comment"]?.DeepClone()).ToArray()),
            };
            await CompleteAsync(step, frame, waiting, outputs);
            return StepOutcome.Done;
        }

        if (waiting.DueAt <= ctx.Now)
        {
            var error = new StepError(ApprovalTimeoutCode, $"approval '{path}' timed out with {approvals.Count} of {step.MinApprovals} approvals", false);
            var written = await ctx.CheckpointAsync(waiting with { Status = StepStatus.Faulted, EndedAt = ctx.Now, Error = error });
            return StepOutcome.Fault(error, [new FaultRef(path, written.Attempt)]);
        }

        return StepOutcome.Wait(waiting.DueAt);
    }

    private async Task CompleteAsync(Step step, Frame frame, JournalRecord record, JsonObject outputs)
    {
        await ctx.CheckpointAsync(record with { Status = StepStatus.Completed, EndedAt = ctx.Now, Outputs = outputs });
        frame.Results.Set(step.Id, StepResults.Entry("completed", false, outputs, null));
    }
}
