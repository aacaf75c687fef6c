using System.Collections;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk;

/// <summary>A list that must have at least one item: <c>minItems: 1</c> in the schema.</summary>
public sealed class NonEmptyAttribute() : InputRuleAttribute("must not be empty")
{
    public override void Describe(JsonObject schema) => Keyword(schema, "minItems", 1);

    protected override bool Accepts(object value) => value switch
    {
        ICollection c => c.Count > 0,
        IEnumerable e => e.GetEnumerator().MoveNext(),
        _ => false,
    };
}
