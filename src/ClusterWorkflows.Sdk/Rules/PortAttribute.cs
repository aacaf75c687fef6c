using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk;

/// <summary>A TCP or UDP port number (1-65535): <c>minimum</c> and <c>maximum</c> in the schema.</summary>
public sealed class PortAttribute() : InputRuleAttribute("must be a port number from 1 to 65535")
{
    public const int Highest = 65535;

    public override void Describe(JsonObject schema)
    {
        Keyword(schema, "minimum", 1);
        Keyword(schema, "maximum", Highest);
    }

    protected override bool Accepts(object value) => value switch
    {
        int i => i is >= 1 and <= Highest,
        long l => l is >= 1 and <= Highest,
        _ => false,
    };
}
