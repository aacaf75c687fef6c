using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Sdk;

/// <summary>
/// A rule on one input field that the binder enforces (it is a <see cref="ValidationAttribute"/>)
/// and the descriptor publishes as JSON Schema keywords, so <c>cw validate</c>, the format's JSON
/// Schema and the designer's forms reject the same literal values the binder would reject at run
/// time. The rule's text (<see cref="Rule"/>, "must be greater than zero") is the one message
/// everywhere: the binder writes it after the field, the schema carries it under
/// <c>x-messages</c> keyed by the keyword it explains.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public abstract class InputRuleAttribute : ValidationAttribute
{
    protected InputRuleAttribute(string rule)
        : base(rule)
    {
        Rule = rule;
    }

    /// <summary>What the value must be, without the field: "must be greater than zero".</summary>
    public string Rule { get; }

    /// <summary>Adds the rule's keywords (and their message) to the property's schema.</summary>
    public abstract void Describe(JsonObject schema);

    /// <summary>Null is "not given": whether a field may be omitted is [Required]'s business, not the rule's.</summary>
    public override bool IsValid(object? value) => value is null || Accepts(value);

    protected abstract bool Accepts(object value);

    protected void Keyword(JsonObject schema, string keyword, JsonNode? value)
    {
        schema[keyword] = value;
        if (schema["x-messages"] is not JsonObject messages)
        {
            schema["x-messages"] = messages = [];
        }

        messages[keyword] = Rule;
    }
}
