using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterWorkflows.Definitions.Model;
using ClusterWorkflows.Expressions;
using ClusterWorkflows.Sdk.Descriptors;
using SdkDuration = ClusterWorkflows.Sdk.Duration;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>Checks <c>uses</c> against the catalog and <c>with</c> against the activity's descriptor.</summary>
internal sealed class ActivityRules(ValidationContext context, ExpressionChecker expressions)
{
    public void Check(StepNode node, ActivityStep step)
    {
        foreach (var (name, value) in step.With)
        {
            expressions.CheckJson(value, ExpressionSite.ForStep(node, $"with.{name}", WithLocation(step, name)));
        }

        if (step.ReportedFields.Contains("uses"))
        {
            return;
        }

        if (string.IsNullOrEmpty(step.Uses))
        {
            context.Report(DiagnosticCodes.MissingKey, "the step needs 'uses' (an activity like core.log@1)", step.Location, node.Path);
            return;
        }

        if (!context.Catalog.HasType(step.Uses))
        {
            context.Report(DiagnosticCodes.UnknownActivity, $"unknown activity type '{step.Uses}'{SimilarTypes(step.Uses)}", step.At("uses"), node.Path);
            return;
        }

        if (context.DescriptorOf(step) is not { } descriptor)
        {
            var versions = string.Join(", ", context.Catalog.Versions(step.Uses));
            context.Report(
                DiagnosticCodes.UnknownActivityVersion,
                $"unknown version {step.UsesVersion} of activity '{step.Uses}' (known versions: {versions})",
                step.At("uses"),
                node.Path);
            return;
        }

        CheckInputs(node, step, descriptor);
    }

    /// <summary>
    /// <c>{ message: done, thanks }</c> is two keys: YAML splits a plain value at a comma inside
    /// braces. A "name" with spaces is almost always the tail of such a value.
    /// </summary>
    public static string SplitValueHint(string name) =>
        name.Contains(' ', StringComparison.Ordinal)
            ? "; a plain value containing ', ' inside { } is split there by YAML: quote the value"
            : "";

    private static SourceLocation WithLocation(ActivityStep step, string name) =>
        step.WithLocations.TryGetValue(name, out var l) ? l : step.At("with");

    private string SimilarTypes(string typeId)
    {
        var types = context.Catalog.Descriptors.Select(d => d.TypeId).Distinct(StringComparer.Ordinal).ToList();
        var lastSegment = typeId[(typeId.LastIndexOf('.') + 1)..];
        var close = Suggestions.Closest(typeId, types)
            .Concat(types.Where(t => t.EndsWith("." + lastSegment, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.Ordinal)
            .Take(3)
            .ToList();
        return close.Count > 0
            ? $" (did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?)"
            : $" (no similar type among the {types.Count} known activity types)";
    }

    private void CheckInputs(StepNode node, ActivityStep step, ActivityDescriptor descriptor)
    {
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var error in InputValidator.Validate(descriptor, step.With, Template.IsExpressionNode))
        {
            failed.Add(error.Field);
            if (descriptor.FindInput(error.Field) is null)
            {
                context.Report(DiagnosticCodes.UnknownWithInput, error.Message + SplitValueHint(error.Field), WithLocation(step, error.Field), node.Path);
            }
            else if (!step.With.ContainsKey(error.Field))
            {
                var location = step.FieldLocations.ContainsKey("with") ? step.At("with") : step.At("uses");
                context.Report(DiagnosticCodes.MissingWithInput, $"{error.Message} for {descriptor.Reference}", location, node.Path);
            }
            else
            {
                context.Report(DiagnosticCodes.InvalidWithValue, error.Message, WithLocation(step, error.Field), node.Path);
            }
        }

        // Field groups (at most / exactly one of): presence is known even when a value is an expression.
        foreach (var error in InputRuleChecks.Record(descriptor.InputSchema, step.With))
        {
            var location = step.With.ContainsKey(error.Field) ? WithLocation(step, error.Field) : step.FieldLocations.ContainsKey("with") ? step.At("with") : step.At("uses");
            context.Report(DiagnosticCodes.InvalidWithValue, $"{error.Message} for {descriptor.Reference}", location, node.Path);
        }

        foreach (var (name, value) in step.With)
        {
            if (failed.Contains(name) || value is null || Template.IsExpressionNode(value) || descriptor.FindInput(name) is not { } input)
            {
                continue;
            }

            var problem = input.Secret
                ? $"input '{name}' of {descriptor.Reference} is a secret: pass it as ${{{{ secrets.NAME }}}} instead of writing its value in the runbook"
                : SchemaProblem(descriptor, name, value);
            if (problem is not null)
            {
                context.Report(input.Secret ? DiagnosticCodes.LiteralSecret : DiagnosticCodes.InvalidWithValue, problem, WithLocation(step, name), node.Path);
            }
        }
    }

    /// <summary>
    /// What the input validator does not check: the input rules (with their own message, the
    /// binder's), then durations, patterns and ranges from the input schema.
    /// </summary>
    private static string? SchemaProblem(ActivityDescriptor descriptor, string name, JsonNode value)
    {
        if (descriptor.InputSchema["properties"]?[name] is not JsonObject schema)
        {
            return null;
        }

        if (InputRuleChecks.Property(schema, name, value, Template.IsExpressionNode) is { } broken)
        {
            return broken;
        }

        if (value is not JsonValue scalar)
        {
            return null;
        }

        if (scalar.TryGetValue<string>(out var text))
        {
            if (schema["x-format"]?.GetValue<string>() == "duration")
            {
                return SdkDuration.TryParse(text, out _) ? null : $"input '{name}' must be a duration (examples: 500ms, 30s, 5m, 1h30m), got '{text}'";
            }

            if (schema["pattern"] is JsonValue p && p.TryGetValue<string>(out var pattern) && !Matches(text, pattern))
            {
                return $"input '{name}' must match the pattern {pattern}, got '{text}'";
            }

            return null;
        }

        if (scalar.TryGetValue<double>(out var number))
        {
            if (schema["minimum"] is JsonValue min && min.TryGetValue<double>(out var lo) && number < lo)
            {
                return $"input '{name}' must be at least {lo}, got {number}";
            }

            if (schema["maximum"] is JsonValue max && max.TryGetValue<double>(out var hi) && number > hi)
            {
                return $"input '{name}' must be at most {hi}, got {number}";
            }
        }

        return null;
    }

    private static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
        {
            return true;
        }
    }
}
