using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk;

/// <summary>
/// A duration (TimeSpan) that must be longer than zero: timeouts, intervals, validities. JSON
/// Schema's <c>exclusiveMinimum</c> only compares numbers, so durations (strings such as 30s) get
/// the project keyword <c>x-exclusiveMinimum</c> with a duration as its value.
/// </summary>
public sealed class PositiveDurationAttribute() : InputRuleAttribute("must be greater than zero")
{
    public const string SchemaKeyword = "x-exclusiveMinimum";

    public override void Describe(JsonObject schema) => Keyword(schema, SchemaKeyword, "0s");

    protected override bool Accepts(object value) => value is TimeSpan t && t > TimeSpan.Zero;
}
