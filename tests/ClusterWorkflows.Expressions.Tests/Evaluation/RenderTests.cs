using System.Text.Json.Nodes;

namespace ClusterWorkflows.Expressions.Tests.Evaluation;

public sealed class RenderTests
{
    private readonly ExpressionEvaluator evaluator = new();

    private static ExpressionScope Scope() => new ExpressionScope()
        .Set("inputs", JsonNode.Parse("""{"replicas": 3, "ratio": 0.5, "enabled": true, "name": "web", "hosts": ["a", "b"], "labels": {"tier": "front"}, "missing": null}"""));

    [Theory]
    [InlineData("${{ inputs.replicas }}", "3")]
    [InlineData("${{ inputs.ratio }}", "0.5")]
    [InlineData("${{ inputs.enabled }}", "true")]
    [InlineData("${{ inputs.name }}", "\"web\"")]
    [InlineData("${{ inputs.hosts }}", "[\"a\", \"b\"]")]
    [InlineData("${{ inputs.labels }}", "{\"tier\": \"front\"}")]
    [InlineData("${{ inputs.missing }}", "null")]
    [InlineData("  ${{ inputs.replicas + 1 }}\n", "4")]
    public void RenderString_SingleExpression_KeepsJsonType(string text, string expected)
    {
        JsonAssert.Equal(expected, evaluator.RenderString(text, Scope()));
    }

    [Theory]
    [InlineData("replicas=${{ inputs.replicas }}", "replicas=3")]
    [InlineData("${{ inputs.name }}-${{ inputs.replicas }}", "web-3")]
    [InlineData("on: ${{ inputs.enabled }}", "on: true")]
    [InlineData("hosts: ${{ inputs.hosts }}", "hosts: [\"a\",\"b\"]")]
    [InlineData("labels: ${{ inputs.labels }}", "labels: {\"tier\":\"front\"}")]
    [InlineData("[${{ inputs.missing }}]", "[]")]
    [InlineData("[${{ undefined }}]", "[]")]
    [InlineData("ratio ${{ inputs.ratio }}", "ratio 0.5")]
    [InlineData("say ${{ '}}' }}!", "say }}!")]
    public void RenderString_Interpolation_ProducesText(string text, string expected)
    {
        var value = evaluator.RenderString(text, Scope());

        Assert.Equal(expected, value!.GetValue<string>());
    }

    [Fact]
    public void RenderString_NoExpression_ReturnsTextUnchanged()
    {
        var value = evaluator.RenderString("plain {{ text }}", Scope());

        Assert.Equal("plain {{ text }}", value!.GetValue<string>());
    }

    [Fact]
    public void RenderString_NoExpression_DoesNotTouchTheScope()
    {
        var reads = 0;
        var scope = new ExpressionScope().SetLazy("inputs", () => { reads++; return new JsonObject(); });

        evaluator.RenderString("inputs.name", scope);

        Assert.Equal(0, reads);
    }

    [Theory]
    [InlineData("x ${{ inputs.name")]
    [InlineData("${{ }}")]
    public void RenderString_BadTemplate_ThrowsNamingTheText(string text)
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.RenderString(text, Scope()));

        Assert.Contains($"'{text}'", ex.Message);
    }

    [Fact]
    public void Render_Tree_RendersEveryStringAndKeepsOtherValues()
    {
        var template = JsonNode.Parse("""
            {
              "count": "${{ inputs.replicas }}",
              "title": "service ${{ inputs.name }}",
              "fixed": 10,
              "on": false,
              "none": null,
              "text": "no expression",
              "list": ["${{ inputs.hosts }}", "${{ inputs.ratio * 2 }}", 5, ["${{ inputs.labels.tier }}"]],
              "nested": { "deeper": { "enabled": "${{ inputs.enabled }}" } }
            }
            """);

        var rendered = evaluator.Render(template, Scope());

        JsonAssert.Equal("""
            {
              "count": 3,
              "title": "service web",
              "fixed": 10,
              "on": false,
              "none": null,
              "text": "no expression",
              "list": [["a", "b"], 1, 5, ["front"]],
              "nested": { "deeper": { "enabled": true } }
            }
            """, rendered);
    }

    [Fact]
    public void Render_Tree_LeavesTheTemplateUntouched()
    {
        var template = JsonNode.Parse("""{"a": "${{ inputs.replicas }}", "b": [1, {"c": "${{ inputs.name }}"}]}""");
        var before = template!.ToJsonString();

        var rendered = evaluator.Render(template, Scope());

        Assert.Equal(before, template.ToJsonString());
        Assert.NotSame(template, rendered);
        Assert.NotSame(template["b"], rendered!["b"]);
    }

    [Fact]
    public void Render_ObjectKeys_AreNotRendered()
    {
        var rendered = evaluator.Render(JsonNode.Parse("""{"${{ inputs.name }}": 1}"""), Scope());

        Assert.True(rendered!.AsObject().ContainsKey("${{ inputs.name }}"));
    }

    [Fact]
    public void Render_Null_ReturnsNull()
    {
        Assert.Null(evaluator.Render(null, Scope()));
    }

    [Fact]
    public void Render_ValuesBuiltInCode_AreRenderedToo()
    {
        var template = new JsonObject { ["n"] = JsonValue.Create("${{ 2 * 21 }}"), ["kept"] = JsonValue.Create(1.5) };

        JsonAssert.Equal("""{"n": 42, "kept": 1.5}""", evaluator.Render(template, Scope()));
    }

    [Fact]
    public void Render_FailingExpression_ThrowsExpressionException()
    {
        Assert.Throws<ExpressionException>(() => evaluator.Render(JsonNode.Parse("""{"a": ["${{ nope.x }}"]}"""), Scope()));
    }
}
