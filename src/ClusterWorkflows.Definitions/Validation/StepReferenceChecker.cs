using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>
/// Checks <c>steps.X</c> reads: X must exist and must have finished whenever the reading step runs,
/// which rules out later steps, the reader itself and its containers, steps inside a loop the reader
/// is not in, steps running in parallel with it, and steps in an exclusive sibling branch.
/// </summary>
internal sealed class StepReferenceChecker(ValidationContext context)
{
    public (string Code, string Message)? Problem(ExpressionReference reference, ExpressionSite site)
    {
        if (reference.Path.Count == 0 || reference.Path[0] is not { } id)
        {
            return null;
        }

        if (!context.Index.ById.TryGetValue(id, out var target))
        {
            return (DiagnosticCodes.UnknownStepReference, $"unknown step 'steps.{id}'{Hint(id)}");
        }

        if (Availability(target, site) is { } why)
        {
            return (DiagnosticCodes.StepNotAvailable, $"'{site.Field}' reads steps.{id}, but {why}");
        }

        return OutputProblem(target, reference.Path);
    }

    private string Hint(string id)
    {
        var ids = context.Index.ById.Keys.ToList();
        var dashed = ids.FirstOrDefault(i => i.StartsWith(id + "-", StringComparison.Ordinal));
        if (dashed is not null)
        {
            return $"; ids with '-' must be written steps['{dashed}'] (steps.{dashed} is a subtraction)";
        }

        var close = Suggestions.DidYouMean(id, ids);
        return close.Length > 0 ? close : "; no step has this id";
    }

    private static string? Availability(StepNode target, ExpressionSite site)
    {
        var reader = site.Step;
        if (reader is null)
        {
            var loop = target.Ancestors.FirstOrDefault(a => a.Step is ForEachStep);
            return loop is null ? null : $"'{target.Step.Id}' runs once per item inside forEach '{loop.Step.Id}'; only steps outside loops can be read here";
        }

        if (target == reader)
        {
            return "a step cannot read its own outputs";
        }

        if (target.IsAncestorOf(reader))
        {
            return $"'{target.Step.Id}' contains this step and has not finished when it runs";
        }

        if (target.Order > reader.Order)
        {
            return reader.IsAncestorOf(target)
                ? $"'{target.Step.Id}' is inside this step and has not run when '{site.Field}' is evaluated"
                : $"'{target.Step.Id}' is defined later in the document; a step can only read steps that ran before it";
        }

        var readerChain = reader.Ancestors.ToHashSet();
        var foreignLoop = target.Ancestors.FirstOrDefault(a => a.Step is ForEachStep && !readerChain.Contains(a));
        if (foreignLoop is not null)
        {
            return $"'{target.Step.Id}' runs once per item inside forEach '{foreignLoop.Step.Id}'; read its outputs inside that loop";
        }

        return BranchProblem(target, reader, readerChain);
    }

    private static string? BranchProblem(StepNode target, StepNode reader, HashSet<StepNode> readerChain)
    {
        // The lowest common ancestor, and the children of it that lead to each side.
        var targetSide = target;
        var common = target.Parent;
        while (common is not null && !readerChain.Contains(common))
        {
            targetSide = common;
            common = common.Parent;
        }

        if (common is null)
        {
            return null;
        }

        var readerSide = reader;
        while (readerSide.Parent != common)
        {
            readerSide = readerSide.Parent!;
        }

        return common.Step switch
        {
            ParallelStep => $"'{target.Step.Id}' runs in parallel with this step (both under '{common.Step.Id}'), so its outputs may not exist yet",
            IfStep or SwitchStep when targetSide.ListName != readerSide.ListName =>
                $"'{target.Step.Id}' is in the '{targetSide.ListName}' branch of '{common.Step.Id}', which never runs together with this '{readerSide.ListName}' branch",
            _ => null,
        };
    }

    private (string Code, string Message)? OutputProblem(StepNode target, IReadOnlyList<string?> path)
    {
        if (path.Count < 3 || path[1] != "outputs" || path[2] is not { } output)
        {
            return null;
        }

        var id = target.Step.Id;
        switch (target.Step)
        {
            case ActivityStep activity when context.DescriptorOf(activity) is { } descriptor:
                var names = descriptor.Outputs.Select(o => o.Name).ToList();
                if (names.Contains(output, StringComparer.Ordinal))
                {
                    return null;
                }

                var known = names.Count == 0 ? "it has no outputs" : $"its outputs: {string.Join(", ", names)}";
                return (DiagnosticCodes.UnknownOutput, $"step '{id}' ({descriptor.Reference}) has no output '{output}'{Suggestions.DidYouMean(output, names)}; {known}");
            case CallStep call when context.Callee(call) is { } callee:
                if (callee.Outputs.ContainsKey(output))
                {
                    return null;
                }

                var declared = callee.Outputs.Count == 0 ? "it declares no outputs" : $"its outputs: {string.Join(", ", callee.Outputs.Keys)}";
                return (DiagnosticCodes.UnknownOutput, $"step '{id}' calls {callee.Reference}, which has no output '{output}'; {declared}");
            default:
                return null;
        }
    }
}
