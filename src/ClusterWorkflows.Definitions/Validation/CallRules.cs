using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Expressions;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>Checks a call step: the pinned target exists (through the resolver) and gets the inputs it declares.</summary>
internal sealed class CallRules(ValidationContext context, ExpressionChecker expressions)
{
    public void Check(StepNode node, CallStep step)
    {
        foreach (var (name, value) in step.With)
        {
            expressions.CheckJson(value, ExpressionSite.ForStep(node, $"with.{name}", WithLocation(step, name)));
        }

        var workflowOk = CheckTarget(node, step);
        if (!workflowOk)
        {
            return;
        }

        var definition = context.Definition;
        if (step.Workflow == definition.Id && step.Version == definition.Version)
        {
            context.Report(DiagnosticCodes.CallCycle, $"step calls its own workflow {definition.Reference}, which would never end", step.At("call.workflow"), node.Path);
            return;
        }

        if (context.Resolver is null)
        {
            return;
        }

        if (context.Callee(step) is not { } callee)
        {
            context.Report(DiagnosticCodes.CallUnknownWorkflow, $"called workflow {step.Workflow}@{step.Version} is not known", step.At("call.workflow"), node.Path);
            return;
        }

        CheckInputs(node, step, callee);
    }

    private bool CheckTarget(StepNode node, CallStep step)
    {
        var ok = true;
        if (!step.ReportedFields.Contains("call.workflow"))
        {
            if (string.IsNullOrEmpty(step.Workflow))
            {
                context.Report(DiagnosticCodes.MissingKey, "the call needs 'workflow' (the id of the workflow to run)", step.At("call"), node.Path);
                ok = false;
            }
            else if (!DefinitionRules.WorkflowId().IsMatch(step.Workflow))
            {
                context.Report(DiagnosticCodes.CallInvalidWorkflow, $"'{Expressions.ExpressionNesting.Abbreviate(step.Workflow)}' is not a workflow id (ids match {DefinitionRules.WorkflowId()})", step.At("call.workflow"), node.Path);
                ok = false;
            }
        }
        else
        {
            ok = false;
        }

        if (!step.ReportedFields.Contains("call.version"))
        {
            if (step.Version < 1)
            {
                context.Report(DiagnosticCodes.CallInvalidVersion, $"the call's 'version' must be 1 or more (calls are pinned to a version), got {step.Version}", step.At("call.version"), node.Path);
                ok = false;
            }
        }
        else
        {
            ok = false;
        }

        return ok;
    }

    private static SourceLocation WithLocation(CallStep step, string name) =>
        step.FieldLocations.TryGetValue($"call.with.{name}", out var l) ? l : step.At("call.with");

    private void CheckInputs(StepNode node, CallStep step, WorkflowDefinition callee)
    {
        var declared = callee.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var (name, value) in step.With)
        {
            if (!declared.TryGetValue(name, out var input))
            {
                var known = declared.Count == 0 ? "it declares no inputs" : $"its inputs: {string.Join(", ", declared.Keys)}";
                context.Report(
                    DiagnosticCodes.UnknownWithInput,
                    $"unknown input '{name}' for {callee.Reference}{Suggestions.DidYouMean(name, declared.Keys)}; {known}{ActivityRules.SplitValueHint(name)}",
                    WithLocation(step, name),
                    node.Path);
            }
            else if (value is not null && !Template.IsExpressionNode(value) && LiteralValues.Problem(input, value) is { } problem)
            {
                context.Report(DiagnosticCodes.InvalidWithValue, problem, WithLocation(step, name), node.Path);
            }
        }

        foreach (var input in callee.Inputs.Where(i => i.Required && i.Default is null && !step.With.ContainsKey(i.Name)))
        {
            context.Report(
                DiagnosticCodes.MissingWithInput,
                $"missing required input '{input.Name}' ({LiteralValues.TypeName(input.Type)}) for {callee.Reference}",
                step.FieldLocations.ContainsKey("call.with") ? step.At("call.with") : step.At("call"),
                node.Path);
        }
    }
}
