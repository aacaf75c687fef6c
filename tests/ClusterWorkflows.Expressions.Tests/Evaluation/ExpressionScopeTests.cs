using System.Text.Json.Nodes;

namespace ClusterWorkflows.Expressions.Tests.Evaluation;

public sealed class ExpressionScopeTests
{
    private readonly ExpressionEvaluator evaluator = new();

    [Fact]
    public void TryGet_SetName_ReturnsValue()
    {
        var scope = new ExpressionScope().Set("inputs", new JsonObject { ["a"] = 1 });

        Assert.True(scope.TryGet("inputs", out var value));
        JsonAssert.Equal("""{"a": 1}""", value);
    }

    [Fact]
    public void TryGet_UnknownName_ReturnsFalse()
    {
        Assert.False(new ExpressionScope().TryGet("inputs", out var value));
        Assert.Null(value);
    }

    [Fact]
    public void TryGet_NamesAreCaseSensitive()
    {
        var scope = new ExpressionScope().Set("inputs", JsonValue.Create(1));

        Assert.False(scope.TryGet("Inputs", out _));
    }

    [Fact]
    public void Set_SameNameTwice_LastValueWins()
    {
        var scope = new ExpressionScope().Set("x", JsonValue.Create(1)).Set("x", JsonValue.Create(2));

        JsonAssert.Equal("2", evaluator.Evaluate("x", scope));
        Assert.Equal(["x"], scope.Names);
    }

    [Fact]
    public void Evaluate_UnreferencedLazyName_IsNeverComputed()
    {
        var counter = new ReadCounter();
        var scope = new ExpressionScope()
            .SetLazy("inputs", counter.Read("inputs", """{"a": 1}"""))
            .SetLazy("steps", counter.Read("steps", """{"s": {}}"""))
            .SetLazy("inventory", counter.Read("inventory", """{"hosts": []}"""));

        JsonAssert.Equal("1", evaluator.Evaluate("inputs.a", scope));

        Assert.Equal(["inputs"], counter.Reads);
    }

    [Theory]
    [InlineData("inputs.steps")]
    [InlineData("inputs?.steps")]
    public void Evaluate_NameOnlyAsMemberOrKey_IsNotInjected(string code)
    {
        var counter = new ReadCounter();
        var scope = new ExpressionScope()
            .SetLazy("inputs", counter.Read("inputs", """{"steps": 5}"""))
            .SetLazy("steps", counter.Read("steps", "{}"));

        evaluator.Evaluate(code, scope);

        Assert.DoesNotContain("steps", counter.Reads);
    }

    [Theory]
    [InlineData("[...steps].length", "1")]
    [InlineData("({ ...steps })[0]", "1")]
    [InlineData("`${steps}`", "\"1\"")]
    [InlineData("inputs.x + steps[0]", "3")]
    [InlineData("(steps)[0]", "1")]
    [InlineData("!steps", "false")]
    public void Evaluate_NameInAnyExpressionPosition_IsInjected(string code, string expected)
    {
        var scope = new ExpressionScope()
            .Set("inputs", JsonNode.Parse("""{"x": 2}"""))
            .Set("steps", JsonNode.Parse("[1]"));

        JsonAssert.Equal(expected, evaluator.Evaluate(code, scope));
    }

    [Fact]
    public void Evaluate_LazyValue_IsReadOncePerEvaluation()
    {
        var counter = new ReadCounter();
        var scope = new ExpressionScope().SetLazy("inputs", counter.Read("inputs", """{"a": 2}"""));

        evaluator.Evaluate("inputs.a + inputs.a * inputs.a", scope);

        Assert.Single(counter.Reads);
    }

    [Fact]
    public void With_Child_SeesParentNamesAndTheNewOne()
    {
        var parent = new ExpressionScope().Set("inputs", JsonNode.Parse("""{"prefix": "node-"}"""));

        var child = parent.With("item", JsonValue.Create("a"));

        JsonAssert.Equal("\"node-a\"", evaluator.Evaluate("inputs.prefix + item", child));
    }

    [Fact]
    public void With_Child_LeavesParentUnchanged()
    {
        var parent = new ExpressionScope().Set("inputs", new JsonObject());

        parent.With("item", JsonValue.Create(1));

        Assert.False(parent.TryGet("item", out _));
        Assert.Equal(["inputs"], parent.Names);
    }

    [Fact]
    public void With_ExistingName_ShadowsOnlyInChild()
    {
        var parent = new ExpressionScope().Set("item", JsonValue.Create("outer"));

        var child = parent.With("item", JsonValue.Create("inner"));

        JsonAssert.Equal("\"inner\"", evaluator.Evaluate("item", child));
        JsonAssert.Equal("\"outer\"", evaluator.Evaluate("item", parent));
    }

    [Fact]
    public void With_NestedChildren_AccumulateNames()
    {
        var scope = new ExpressionScope().Set("a", JsonValue.Create(1)).With("b", JsonValue.Create(2)).With("c", JsonValue.Create(3));

        JsonAssert.Equal("6", evaluator.Evaluate("a + b + c", scope));
    }

    [Fact]
    public void With_Child_KeepsSecretResolver()
    {
        var parent = new ExpressionScope { SecretResolver = name => name == "token" ? "s3cr3t" : null };

        var child = parent.With("item", JsonValue.Create(1));

        Assert.Same(parent.SecretResolver, child.SecretResolver);
        JsonAssert.Equal("\"s3cr3t\"", evaluator.Evaluate("secrets.token", child));
    }

    [Fact]
    public void With_LazyParentValue_StaysLazyInChild()
    {
        var counter = new ReadCounter();
        var parent = new ExpressionScope().SetLazy("steps", counter.Read("steps", "{}"));

        var child = parent.With("item", JsonValue.Create(1));
        evaluator.Evaluate("item", child);

        Assert.Empty(counter.Reads);
    }

    /// <summary>Records which lazy scope values were read.</summary>
    private sealed class ReadCounter
    {
        public List<string> Reads { get; } = [];

        public Func<JsonNode?> Read(string name, string json) => () =>
        {
            Reads.Add(name);
            return JsonNode.Parse(json);
        };
    }
}
