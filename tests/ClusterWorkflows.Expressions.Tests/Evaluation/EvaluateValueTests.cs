using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Expressions.Tests.Evaluation;

public sealed class EvaluateValueTests
{
    private readonly ExpressionEvaluator evaluator = new();

    private static ExpressionScope Scope() => new ExpressionScope()
        .Set("inputs", JsonNode.Parse("""{"n": 2, "f": 1.5, "ok": true, "none": null, "name": "db", "list": [1, "a", null, {"k": [true]}], "nested": {"a": {"b": {"c": 42}}}}"""))
        .Set("count", JsonValue.Create(7))
        .Set("flag", JsonValue.Create(false))
        .Set("nothing", null);

    [Theory]
    [InlineData("1 + 1", "2")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("-3", "-3")]
    [InlineData("0.1 + 0.2", "0.30000000000000004")]
    [InlineData("2 ** 53", "9007199254740992")]
    [InlineData("'a' + 'b'", "\"ab\"")]
    [InlineData("true", "true")]
    [InlineData("1 > 2", "false")]
    [InlineData("[1, 'a', null, true]", "[1, \"a\", null, true]")]
    [InlineData("({ a: { b: [1, { c: 'd' }] } })", "{\"a\": {\"b\": [1, {\"c\": \"d\"}]}}")]
    [InlineData("[]", "[]")]
    [InlineData("({})", "{}")]
    [InlineData("new Date(0)", "\"1970-01-01T00:00:00.000Z\"")]
    public void Evaluate_Literal_ReturnsJsonOfSameKind(string code, string expected)
    {
        JsonAssert.Equal(expected, evaluator.Evaluate(code, new ExpressionScope()));
    }

    [Fact]
    public void Evaluate_WholeNumber_ComesOutAsInteger()
    {
        var value = evaluator.Evaluate("4 / 2", new ExpressionScope());

        Assert.Equal("2", value!.ToJsonString());
        Assert.Equal(2L, value.GetValue<long>());
    }

    [Fact]
    public void Evaluate_Fraction_ComesOutAsDouble()
    {
        var value = evaluator.Evaluate("1 / 4", new ExpressionScope());

        Assert.Equal(0.25, value!.GetValue<double>());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("undefined")]
    [InlineData("void 0")]
    [InlineData("(() => {})()")]
    [InlineData("(() => 1)")]
    [InlineData("Symbol('s')")]
    public void Evaluate_NoJsonValue_ReturnsNull(string code)
    {
        Assert.Null(evaluator.Evaluate(code, new ExpressionScope()));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("1 / 0")]
    [InlineData("-1 / 0")]
    [InlineData("Math.max()")]
    public void Evaluate_NonFiniteNumber_ReturnsNullLikeJsonStringify(string code)
    {
        Assert.Null(evaluator.Evaluate(code, new ExpressionScope()));
    }

    [Fact]
    public void Evaluate_UndefinedAndNonFiniteInsideContainers_FollowJsonStringify()
    {
        JsonAssert.Equal("""{"list": [null, null, 1], "kept": null}""", evaluator.Evaluate("({ dropped: undefined, list: [undefined, NaN, 1], kept: null })", new ExpressionScope()));
    }

    [Theory]
    [InlineData("typeof inputs.n", "number")]
    [InlineData("typeof inputs.f", "number")]
    [InlineData("typeof inputs.ok", "boolean")]
    [InlineData("inputs.none === null", true)]
    [InlineData("typeof inputs.name", "string")]
    [InlineData("Array.isArray(inputs.list)", true)]
    [InlineData("typeof inputs.nested.a", "object")]
    [InlineData("typeof count", "number")]
    [InlineData("flag === false", true)]
    [InlineData("nothing === null", true)]
    public void Evaluate_ScopeValues_ArriveAsJavaScriptValues(string code, object expected)
    {
        var value = evaluator.Evaluate(code, Scope());

        Assert.Equal(JsonSerializer.Serialize(expected), value!.ToJsonString());
    }

    [Fact]
    public void Evaluate_ScopeObject_RoundTripsUnchanged()
    {
        var scope = Scope();
        scope.TryGet("inputs", out var inputs);

        var value = evaluator.Evaluate("inputs", scope);

        Assert.True(JsonNode.DeepEquals(inputs, value));
        Assert.NotSame(inputs, value);
    }

    [Theory]
    [InlineData("inputs.nested.a.b.c", "42")]
    [InlineData("inputs.list[3].k[0]", "true")]
    [InlineData("inputs.list.length", "4")]
    [InlineData("inputs.list.filter(x => typeof x === 'number').map(x => x * 10)", "[10]")]
    [InlineData("Object.keys(inputs.nested)", "[\"a\"]")]
    [InlineData("({ ...inputs.nested.a.b, d: count })", "{\"c\": 42, \"d\": 7}")]
    [InlineData("[...inputs.list].length", "4")]
    [InlineData("`${inputs.name}-${count}`", "\"db-7\"")]
    [InlineData("inputs?.missing?.deep ?? 'fallback'", "\"fallback\"")]
    public void Evaluate_ExpressionsOverScope_ComputeJson(string code, string expected)
    {
        JsonAssert.Equal(expected, evaluator.Evaluate(code, Scope()));
    }

    [Fact]
    public void Evaluate_ModifyingScopeValue_DoesNotChangeTheScope()
    {
        var scope = Scope();

        evaluator.Evaluate("(() => { inputs.n = 99; inputs.list.push(5); return 0 })()", scope);

        Assert.True(scope.TryGet("inputs", out var inputs));
        Assert.Equal(2, inputs!["n"]!.GetValue<int>());
        Assert.Equal(4, inputs["list"]!.AsArray().Count);
    }

    [Fact]
    public void Evaluate_UnknownName_ThrowsNamingTheExpression()
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("vars.x", Scope()));

        Assert.Contains("'vars.x'", ex.Message);
        Assert.Contains("vars is not defined", ex.Message);
    }

    [Fact]
    public void Evaluate_RuntimeTypeError_ThrowsExpressionException()
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("inputs.none.x", Scope()));

        Assert.Contains("TypeError", ex.Message);
    }

    [Fact]
    public void Evaluate_SyntaxError_ThrowsExpressionException()
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("inputs.n +", Scope()));

        Assert.Contains("'inputs.n +'", ex.Message);
    }

    [Fact]
    public void Evaluate_ThrownError_ThrowsExpressionExceptionWithItsMessage()
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("(() => { throw new Error('boom') })()", Scope()));

        Assert.Contains("boom", ex.Message);
    }

    [Theory]
    [InlineData("1n")]
    [InlineData("(() => { const a = {}; a.self = a; return a })()")]
    public void Evaluate_ValueWithoutJsonForm_ThrowsExpressionException(string code)
    {
        Assert.Throws<ExpressionException>(() => evaluator.Evaluate(code, new ExpressionScope()));
    }

    [Fact]
    public void Evaluate_ResultNestedDeeperThanJsonAllows_ThrowsExpressionException()
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("(() => { let a = []; for (let i = 0; i < 200; i++) a = [a]; return a })()", new ExpressionScope()));

        Assert.Contains("not valid JSON", ex.Message);
    }

    [Fact]
    public void Evaluate_SameEvaluatorTwice_SharesNoGlobals()
    {
        evaluator.Evaluate("globalThis.leak = 1", new ExpressionScope());

        JsonAssert.Equal("\"undefined\"", evaluator.Evaluate("typeof leak", new ExpressionScope()));
    }
}
