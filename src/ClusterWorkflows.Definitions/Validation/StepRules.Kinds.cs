using System.Globalization;
using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Expressions;
using SdkDuration = ClusterWorkflows.Sdk.Duration;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>The rules of loops, branches, approvals and timers.</summary>
internal sealed partial class StepRules
{
    private void CheckForEach(StepNode node, ForEachStep step)
    {
        if (!step.ReportedFields.Contains("forEach"))
        {
            CheckItems(node, step);
        }

        if (!step.ReportedFields.Contains("as"))
        {
            if (!Identifier().IsMatch(step.As))
            {
                Report(node, DiagnosticCodes.ForEachAs, "as", $"'as: {step.As}' must be a JavaScript name like host or node_name");
            }
            else if (ExpressionNames.Roots.Contains(step.As) || ExpressionNames.Globals.Contains(step.As) || step.As is ExpressionNames.Index or ExpressionNames.Error)
            {
                Report(node, DiagnosticCodes.ForEachAs, "as", $"'as: {step.As}' would hide the built-in name '{step.As}'; choose another name");
            }
        }

        if (step.Concurrency < 1 && !step.ReportedFields.Contains("concurrency"))
        {
            Report(node, DiagnosticCodes.ForEachConcurrency, "concurrency", $"'concurrency' must be 1 or more, got {step.Concurrency}");
        }

        foreach (var size in step.Serial)
        {
            if (size.IsPercent && size.Value is < 1 or > 100)
            {
                Report(node, DiagnosticCodes.ForEachSerial, "serial", $"'serial' percentages must be between 1% and 100%, got {size}");
            }
            else if (!size.IsPercent && size.Value < 1)
            {
                Report(node, DiagnosticCodes.ForEachSerial, "serial", $"'serial' batch sizes must be 1 or more, got {size}");
            }
        }

        if (!step.ReportedFields.Contains("maxFailPercentage") && step.MaxFailPercentage is < 0 or > 100 or double.NaN)
        {
            Report(
                node,
                DiagnosticCodes.ForEachMaxFail,
                "maxFailPercentage",
                $"'maxFailPercentage' must be between 0 and 100, got {step.MaxFailPercentage.ToString(CultureInfo.InvariantCulture)}");
        }

        RequireSteps(node, "steps", step.Steps);
    }

    private void CheckItems(StepNode node, ForEachStep step)
    {
        // The item list is evaluated once, outside the loop: the loop's own names are not defined yet.
        var site = ExpressionSite.ForStep(node, "forEach", step.At("forEach"));
        switch (step.Items)
        {
            case JsonArray list:
                expressions.CheckJson(list, site);
                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && Template.ContainsExpression(text):
                if (Template.IsSingleExpression(text, out var code))
                {
                    expressions.CheckCode(code, site);
                }
                else if (ExpressionSyntax.CheckTemplate(text).Count > 0)
                {
                    expressions.CheckTemplate(text, site);
                }
                else
                {
                    Report(node, DiagnosticCodes.ExpressionNotSingle, "forEach", "'forEach' must be one ${{ }} expression yielding a list; text around it makes a string");
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                var hint = BareMemberPath().IsMatch(text.Trim()) ? $" (did you mean '${{{{ {text.Trim()} }}}}'?)" : "";
                Report(node, DiagnosticCodes.ForEachItems, "forEach", $"'forEach' must be a ${{{{ }}}} expression or a list, got the text '{text}'{hint}");
                break;
            default:
                Report(node, DiagnosticCodes.ForEachItems, "forEach", $"'forEach' must be a ${{{{ }}}} expression or a list, got {LiteralValues.Describe(step.Items)}");
                break;
        }
    }

    private void CheckSwitch(StepNode node, SwitchStep step)
    {
        if (!step.ReportedFields.Contains("switch"))
        {
            expressions.CheckCondition(step.Value, ExpressionSite.ForStep(node, "switch", step.At("switch")));
        }

        if (step.Cases.Count == 0 && !step.ReportedFields.Contains("cases"))
        {
            Report(node, DiagnosticCodes.SwitchWithoutCases, "cases", "a switch step needs at least one entry under 'cases'");
        }

        foreach (var group in step.Cases.GroupBy(c => c.Match, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            Report(node, DiagnosticCodes.InvalidValue, "cases", $"case '{group.Key}' is listed more than once");
        }

        foreach (var c in step.Cases)
        {
            RequireSteps(node, $"cases.{c.Match}", c.Steps);
        }
    }

    private void CheckApproval(StepNode node, ApprovalStep step)
    {
        if (step.MinApprovals < 1 && !step.ReportedFields.Contains("approval.minApprovals"))
        {
            Report(node, DiagnosticCodes.ApprovalMinApprovals, "approval.minApprovals", $"'minApprovals' must be 1 or more, got {step.MinApprovals}");
        }
        else if (step.Approvers.Count > 0 && step.Role is null && step.MinApprovals > step.Approvers.Count)
        {
            Report(
                node,
                DiagnosticCodes.ApprovalMinApprovals,
                "approval.minApprovals",
                $"'minApprovals' is {step.MinApprovals} but only {step.Approvers.Count} approvers are listed, so the step could never be approved");
        }

        if (step.Approvers.Any(string.IsNullOrWhiteSpace))
        {
            Report(node, DiagnosticCodes.InvalidValue, "approval.approvers", "'approvers' lists an empty name");
        }

        if (step.ApprovalTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            Report(node, DiagnosticCodes.InvalidDuration, "approval.timeout", "approval 'timeout' must be longer than 0");
        }

        if (step.Message is { } message)
        {
            expressions.CheckTemplate(message, ExpressionSite.ForStep(node, "approval.message", step.At("approval.message")));
        }
    }

    private void CheckDelay(StepNode node, DelayStep step)
    {
        if (step.ReportedFields.Contains("delay"))
        {
            return;
        }

        if (Template.ContainsExpression(step.Duration))
        {
            expressions.CheckTemplate(step.Duration, ExpressionSite.ForStep(node, "delay", step.At("delay")));
        }
        else if (!SdkDuration.TryParse(step.Duration, out _))
        {
            Report(node, DiagnosticCodes.InvalidDelay, "delay", $"'delay: {step.Duration}' is not a duration (examples: 500ms, 30s, 5m, 1h30m, 2d) nor a ${{{{ }}}} expression");
        }
    }

    private void CheckWaitUntil(StepNode node, WaitUntilStep step)
    {
        if (step.ReportedFields.Contains("waitUntil"))
        {
            return;
        }

        if (Template.ContainsExpression(step.Until))
        {
            expressions.CheckTemplate(step.Until, ExpressionSite.ForStep(node, "waitUntil", step.At("waitUntil")));
        }
        else if (!Instant().IsMatch(step.Until.Trim())
            || !DateTimeOffset.TryParse(step.Until.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            Report(
                node,
                DiagnosticCodes.InvalidWaitUntil,
                "waitUntil",
                $"'waitUntil: {step.Until}' must be an ISO-8601 instant with an offset, like 2026-12-01T03:00:00Z or 2026-12-01T04:00:00+01:00, or a ${{{{ }}}} expression");
        }
    }
}
