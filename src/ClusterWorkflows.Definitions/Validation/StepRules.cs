using System.Text.RegularExpressions;
using ClusterWorkflows.Definitions.Model;
using SdkDuration = ClusterWorkflows.Sdk.Duration;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>Rules every step follows (id, when, retry, timeout) and the rules of each container kind.</summary>
internal sealed partial class StepRules(ValidationContext context)
{
    private readonly ExpressionChecker expressions = new(context);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    public static partial Regex StepId();

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Instant();

    [GeneratedRegex(@"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex BareMemberPath();

    public void Check()
    {
        if (context.Definition.Steps.Count == 0 && !context.Definition.ReportedFields.Contains("steps"))
        {
            context.Report(DiagnosticCodes.EmptyStepList, "the workflow needs at least one step under 'steps'", context.Definition.At("steps"), null);
        }

        foreach (var (duplicate, first) in context.Index.Duplicates)
        {
            context.Report(
                DiagnosticCodes.DuplicateStepId,
                $"duplicate step id '{duplicate.Step.Id}': already used at {first.Step.At("id")} (ids are unique in the whole workflow)",
                duplicate.Step.At("id"),
                duplicate.Path);
        }

        foreach (var node in context.Index.All)
        {
            CheckCommon(node);
            CheckKind(node);
        }
    }

    private void Report(StepNode node, string code, string field, string message) =>
        context.Report(code, message, node.Step.At(field), node.Path);

    private void CheckCommon(StepNode node)
    {
        var step = node.Step;
        if (!step.ReportedFields.Contains("id"))
        {
            if (string.IsNullOrEmpty(step.Id))
            {
                context.Report(DiagnosticCodes.MissingKey, "the step needs an 'id'", step.Location, node.Path);
            }
            else if (!StepId().IsMatch(step.Id))
            {
                Report(node, DiagnosticCodes.InvalidStepId, "id", $"step id '{step.Id}' must match {StepId()} (a letter or '_', then letters, digits, '_' or '-')");
            }
        }

        if (step.When is { } when && !step.ReportedFields.Contains("when"))
        {
            expressions.CheckCondition(when, ExpressionSite.ForStep(node, "when", step.At("when")));
        }

        if (step.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            Report(node, DiagnosticCodes.InvalidTimeout, "timeout", "'timeout' must be longer than 0");
        }

        if (step.Retry is { } retry)
        {
            CheckRetry(node, retry);
        }
    }

    private void CheckRetry(StepNode node, RetryPolicy retry)
    {
        if (retry.MaxAttempts < 1 && !node.Step.ReportedFields.Contains("retry.maxAttempts"))
        {
            Report(node, DiagnosticCodes.InvalidRetry, "retry.maxAttempts", $"'retry.maxAttempts' must be 1 or more (it counts the first attempt), got {retry.MaxAttempts}");
        }

        if (retry.MaxDelay < retry.Delay)
        {
            Report(
                node,
                DiagnosticCodes.InvalidRetry,
                "retry.maxDelay",
                $"'retry.maxDelay' ({SdkDuration.Format(retry.MaxDelay)}) is shorter than 'retry.delay' ({SdkDuration.Format(retry.Delay)})");
        }

        if (retry.On.Any(string.IsNullOrWhiteSpace))
        {
            Report(node, DiagnosticCodes.InvalidRetry, "retry.on", "'retry.on' lists an empty error code");
        }
    }

    private void CheckKind(StepNode node)
    {
        switch (node.Step)
        {
            case ActivityStep activity:
                new ActivityRules(context, expressions).Check(node, activity);
                break;
            case SequenceStep sequence:
                RequireSteps(node, "steps", sequence.Steps);
                break;
            case ParallelStep parallel:
                RequireSteps(node, "parallel", parallel.Branches);
                break;
            case ForEachStep forEach:
                CheckForEach(node, forEach);
                break;
            case IfStep ifStep:
                if (!ifStep.ReportedFields.Contains("if"))
                {
                    expressions.CheckCondition(ifStep.Condition, ExpressionSite.ForStep(node, "if", ifStep.At("if")));
                }

                RequireSteps(node, "then", ifStep.Then);
                break;
            case SwitchStep switchStep:
                CheckSwitch(node, switchStep);
                break;
            case TryStep tryStep:
                RequireSteps(node, "try", tryStep.Try);
                if (tryStep.Catch.Count == 0 && tryStep.Finally.Count == 0
                    && !tryStep.ReportedFields.Contains("catch") && !tryStep.ReportedFields.Contains("finally"))
                {
                    context.Report(DiagnosticCodes.TryWithoutHandler, "a try step needs 'catch', 'finally' or both", tryStep.Location, node.Path);
                }

                break;
            case ApprovalStep approval:
                CheckApproval(node, approval);
                break;
            case DelayStep delay:
                CheckDelay(node, delay);
                break;
            case WaitUntilStep wait:
                CheckWaitUntil(node, wait);
                break;
            case CallStep call:
                new CallRules(context, expressions).Check(node, call);
                break;
        }
    }

    private void RequireSteps(StepNode node, string field, IReadOnlyList<Step> steps)
    {
        if (steps.Count == 0 && !node.Step.ReportedFields.Contains(field))
        {
            Report(node, DiagnosticCodes.EmptyStepList, field, $"'{field}' must list at least one step");
        }
    }
}
