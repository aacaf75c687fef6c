using System.Text.Json.Nodes;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Expressions;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>Checks expression syntax and what expressions read: names, inputs, steps and their outputs.</summary>
internal sealed class ExpressionChecker(ValidationContext context)
{
    /// <summary><c>when</c>, <c>if</c>, <c>switch</c>: a bare expression or exactly one <c>${{ }}</c>.</summary>
    public void CheckCondition(string text, ExpressionSite site)
    {
        if (!Template.ContainsExpression(text))
        {
            CheckCode(text, site);
            return;
        }

        if (Template.IsSingleExpression(text, out var code))
        {
            CheckCode(code, site);
            return;
        }

        var errors = ExpressionSyntax.CheckTemplate(text);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                context.Report(DiagnosticCodes.ExpressionSyntax, $"'{site.Field}': {error}", site.Location, site.StepPath);
            }

            return;
        }

        context.Report(
            DiagnosticCodes.ExpressionNotSingle,
            $"'{site.Field}' must be one expression, either bare (inputs.x > 1) or ${{{{ inputs.x > 1 }}}}; text around ${{{{ }}}} makes it a string, which is always true",
            site.Location,
            site.StepPath);
    }

    /// <summary>A string that may hold <c>${{ }}</c> parts; plain text is fine.</summary>
    public void CheckTemplate(string text, ExpressionSite site)
    {
        if (!Template.ContainsExpression(text))
        {
            return;
        }

        var errors = ExpressionSyntax.CheckTemplate(text);
        foreach (var error in errors)
        {
            context.Report(DiagnosticCodes.ExpressionSyntax, $"'{site.Field}': {error}", site.Location, site.StepPath);
        }

        if (errors.Count == 0 && Template.TryParse(text, out var parts, out _))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var part in parts.Where(p => p.IsExpression))
            {
                CheckReferences(part.Text, site, seen);
            }
        }
    }

    /// <summary>Every string inside a JSON value (a <c>with</c> input, an output).</summary>
    public void CheckJson(JsonNode? node, ExpressionSite site)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    CheckJson(value, site);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CheckJson(item, site);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                CheckTemplate(text, site);
                break;
        }
    }

    /// <summary>The code of one expression, without delimiters.</summary>
    public void CheckCode(string code, ExpressionSite site)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            context.Report(DiagnosticCodes.ExpressionSyntax, $"'{site.Field}' is empty", site.Location, site.StepPath);
            return;
        }

        if (ExpressionSyntax.Check(code) is { } error)
        {
            context.Report(DiagnosticCodes.ExpressionSyntax, $"'{site.Field}': invalid expression '{Expressions.ExpressionNesting.Abbreviate(code)}': {error}", site.Location, site.StepPath);
            return;
        }

        CheckReferences(code, site, new HashSet<string>(StringComparer.Ordinal));
    }

    private void CheckReferences(string code, ExpressionSite site, HashSet<string> seen)
    {
        foreach (var reference in ExpressionReferences.Find(code))
        {
            if (Problem(reference, site) is { } problem && seen.Add(problem.Message))
            {
                context.Report(problem.Code, problem.Message, site.Location, site.StepPath);
            }
        }
    }

    private (string Code, string Message)? Problem(ExpressionReference reference, ExpressionSite site)
    {
        var root = reference.Root;
        if (site.LocalNames.Contains(root) || ExpressionNames.Globals.Contains(root))
        {
            return null;
        }

        if (ExpressionNames.Roots.Contains(root))
        {
            if (!site.Roots.Contains(root))
            {
                return (DiagnosticCodes.RootNotAvailable,
                    $"'{root}' is not available in '{site.Field}'{site.RootsReason}; available here: {string.Join(", ", site.Roots)}");
            }

            return root switch
            {
                "inputs" => InputProblem(reference),
                "steps" => new StepReferenceChecker(context).Problem(reference, site),
                _ => null,
            };
        }

        if (root == ExpressionNames.Error)
        {
            return (DiagnosticCodes.UnknownName, $"'error' is only defined in the 'catch' steps of a try step (it holds the caught error's code and message), not in '{site.Field}'");
        }

        if (root == ExpressionNames.Index || root == ExpressionNames.DefaultItem || context.LoopNames.Contains(root))
        {
            var enclosing = site.LocalNames.Where(n => n is not ExpressionNames.Index and not ExpressionNames.Error).ToList();
            var hint = enclosing.Count > 0
                ? $"; the enclosing forEach calls its item '{enclosing[^1]}'"
                : "; it is only defined inside a forEach";
            return (DiagnosticCodes.LoopVariableOutsideForEach, $"'{root}' is a forEach loop variable that is not defined in '{site.Field}'{hint}");
        }

        var available = ExpressionNames.Roots.Where(site.Roots.Contains).Concat(site.LocalNames).ToList();
        var why = root is "env" or "process"
            ? " (environment variables are not available to runbooks: pass values as inputs)"
            : Suggestions.DidYouMean(root, available);
        return (DiagnosticCodes.UnknownName, $"unknown name '{root}' in '{site.Field}'{why}; available: {string.Join(", ", available)}");
    }

    private (string Code, string Message)? InputProblem(ExpressionReference reference)
    {
        if (reference.Path.Count == 0 || reference.Path[0] is not { } name)
        {
            return null;
        }

        var declared = context.Definition.Inputs.Select(i => i.Name).ToList();
        if (declared.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        var list = declared.Count == 0 ? "the workflow declares no inputs" : $"declared: {string.Join(", ", declared)}";
        return (DiagnosticCodes.UnknownInputReference, $"unknown input 'inputs.{name}'{Suggestions.DidYouMean(name, declared)}; {list}");
    }
}
