using System.Text.RegularExpressions;
using ClusterWorkflows.Definitions.Model;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>The workflow's own fields: id, version, inputs, outputs and concurrency key.</summary>
internal sealed partial class DefinitionRules(ValidationContext context)
{
    // The length is part of the rule so the schema, the validator and the API refuse the same ids.
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    public static partial Regex WorkflowId();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    public static partial Regex Name();

    private WorkflowDefinition Definition => context.Definition;

    public void Check()
    {
        CheckIdentity();
        foreach (var input in Definition.Inputs)
        {
            CheckInput(input);
        }

        foreach (var duplicate in Definition.Inputs.GroupBy(i => i.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            context.Report(DiagnosticCodes.InvalidInputName, $"input '{duplicate.Key}' is declared more than once", duplicate.Last().Location, null);
        }

        CheckOutputs();
        if (Definition.Concurrency is { } concurrency)
        {
            var site = new ExpressionSite(
                "concurrency",
                Definition.At("concurrency"),
                null,
                [],
                ExpressionNames.ConcurrencyRoots,
                " (the key is computed when the run is queued, before any step runs)");
            new ExpressionChecker(context).CheckTemplate(concurrency, site);
        }
    }

    private void CheckIdentity()
    {
        if (!Definition.ReportedFields.Contains("id"))
        {
            if (string.IsNullOrEmpty(Definition.Id))
            {
                context.Report(DiagnosticCodes.MissingKey, "the workflow needs an 'id'", Definition.Location, null);
            }
            else if (Definition.Id.Length > Limits.InputLimits.MaxWorkflowIdLength)
            {
                context.Report(
                    DiagnosticCodes.InvalidWorkflowId,
                    $"workflow id is {Definition.Id.Length} characters long; at most {Limits.InputLimits.MaxWorkflowIdLength} are allowed",
                    Definition.At("id"),
                    null);
            }
            else if (!WorkflowId().IsMatch(Definition.Id))
            {
                context.Report(
                    DiagnosticCodes.InvalidWorkflowId,
                    $"workflow id '{Definition.Id}' must match {WorkflowId()} (lowercase letters, digits, '.', '_', '-')",
                    Definition.At("id"),
                    null);
            }
        }

        if (!Definition.ReportedFields.Contains("version") && Definition.Version < 1)
        {
            context.Report(DiagnosticCodes.InvalidVersion, $"version must be a whole number of 1 or more, got {Definition.Version}", Definition.At("version"), null);
        }
    }

    private void CheckInput(InputDefinition input)
    {
        if (!Name().IsMatch(input.Name))
        {
            context.Report(DiagnosticCodes.InvalidInputName, $"input name '{input.Name}' must match {Name()} (usable as inputs.{input.Name} in expressions)", input.Location, null);
        }

        if (input.Allowed is { } allowed && !input.ReportedFields.Contains("allowed"))
        {
            if (allowed.Count == 0)
            {
                context.Report(DiagnosticCodes.InvalidValue, $"input '{input.Name}': 'allowed' is empty; list the allowed values or remove it", input.At("allowed"), null);
            }

            foreach (var value in allowed.Where(v => !LiteralValues.Matches(input.Type, v)))
            {
                context.Report(
                    DiagnosticCodes.InputAllowedType,
                    $"input '{input.Name}': allowed value {LiteralValues.Show(value)} is {LiteralValues.Describe(value)}, not {LiteralValues.TypeName(input.Type)}",
                    input.At("allowed"),
                    null);
            }
        }

        if (input.Default is null || input.ReportedFields.Contains("default"))
        {
            return;
        }

        if (input.Secret)
        {
            context.Report(DiagnosticCodes.InputSecretDefault, $"secret input '{input.Name}' may not have a default: secret values are never written in runbooks", input.At("default"), null);
        }
        else if (!LiteralValues.Matches(input.Type, input.Default))
        {
            context.Report(
                DiagnosticCodes.InputDefaultType,
                $"default of input '{input.Name}' must be {LiteralValues.TypeName(input.Type)}, got {LiteralValues.Describe(input.Default)}",
                input.At("default"),
                null);
        }
        else if (!LiteralValues.IsAllowed(input, input.Default))
        {
            context.Report(
                DiagnosticCodes.InputDefaultNotAllowed,
                $"default {LiteralValues.Show(input.Default)} of input '{input.Name}' is not one of its allowed values ({string.Join(", ", input.Allowed!.Select(LiteralValues.Show))})",
                input.At("default"),
                null);
        }
    }

    private void CheckOutputs()
    {
        var checker = new ExpressionChecker(context);
        foreach (var (name, value) in Definition.Outputs)
        {
            var location = Definition.At($"outputs.{name}");
            if (!Name().IsMatch(name))
            {
                context.Report(DiagnosticCodes.InvalidOutputName, $"output name '{name}' must match {Name()}", location, null);
            }

            checker.CheckJson(value, new ExpressionSite($"outputs.{name}", location, null, [], ExpressionNames.Roots));
        }
    }
}
