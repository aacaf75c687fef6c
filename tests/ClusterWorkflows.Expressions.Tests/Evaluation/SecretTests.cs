using System.Text.Json.Nodes;

namespace ClusterWorkflows.Expressions.Tests.Evaluation;

public sealed class SecretTests
{
    private readonly ExpressionEvaluator evaluator = new();
    private readonly FakeSecretStore store = new() { ["dbPassword"] = "hunter2", ["api-key"] = "k-123", ["token"] = "t0k" };

    private ExpressionScope Scope() => new ExpressionScope { SecretResolver = store.Resolve }
        .Set("inputs", JsonNode.Parse("""{"secrets": {"dbPassword": "not-a-secret"}, "user": "root"}"""));

    [Theory]
    [InlineData("secrets.dbPassword")]
    [InlineData("secrets['dbPassword']")]
    [InlineData("secrets[\"dbPassword\"]")]
    [InlineData("secrets . dbPassword")]
    [InlineData("secrets?.dbPassword")]
    [InlineData("secrets?.['dbPassword']")]
    public void Evaluate_SecretReference_ResolvesThroughResolver(string code)
    {
        JsonAssert.Equal("\"hunter2\"", evaluator.Evaluate(code, Scope()));
        Assert.Equal(["dbPassword"], store.Requested);
    }

    [Fact]
    public void Evaluate_SecretNameNotAnIdentifier_ResolvesWithBrackets()
    {
        JsonAssert.Equal("\"k-123\"", evaluator.Evaluate("secrets['api-key']", Scope()));
    }

    [Fact]
    public void Evaluate_SeveralSecrets_ResolvesOnlyTheNamedOnes()
    {
        var value = evaluator.Evaluate("inputs.user + ':' + secrets.dbPassword + '@' + secrets['token']", Scope());

        JsonAssert.Equal("\"root:hunter2@t0k\"", value);
        Assert.Equal(["dbPassword", "token"], store.Requested.Order());
    }

    [Fact]
    public void Evaluate_NoSecretReference_NeverCallsResolver()
    {
        evaluator.Evaluate("inputs.user", Scope());

        Assert.Empty(store.Requested);
    }

    [Fact]
    public void Evaluate_MemberNamedSecrets_IsNotASecretReference()
    {
        var value = evaluator.Evaluate("inputs.secrets.dbPassword", Scope());

        JsonAssert.Equal("\"not-a-secret\"", value);
        Assert.Empty(store.Requested);
    }

    [Fact]
    public void Evaluate_MemberNamedSecretsNextToRealSecret_ResolvesOnlyTheRealOne()
    {
        var value = evaluator.Evaluate("inputs.secrets.missing ?? secrets.token", Scope());

        JsonAssert.Equal("\"t0k\"", value);
        Assert.Equal(["token"], store.Requested);
    }

    [Fact]
    public void RenderString_SecretInText_IsInterpolated()
    {
        var value = evaluator.RenderString("Bearer ${{ secrets.token }}", Scope());

        Assert.Equal("Bearer t0k", value!.GetValue<string>());
    }

    [Theory]
    [InlineData("secrets.nope", "nope")]
    [InlineData("secrets['no-such']", "no-such")]
    [InlineData("secrets.token + secrets.nope", "nope")]
    public void Evaluate_UnknownSecret_ThrowsNamingIt(string code, string name)
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(code, Scope()));

        Assert.Equal($"unknown secret '{name}'", ex.Message);
        Assert.DoesNotContain("t0k", ex.Message);
    }

    [Fact]
    public void Evaluate_NoResolver_ThrowsUnknownSecret()
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("secrets.token", new ExpressionScope()));

        Assert.Equal("unknown secret 'token'", ex.Message);
    }

    [Fact]
    public void EvaluateCondition_Secret_IsResolved()
    {
        Assert.True(evaluator.EvaluateCondition("${{ secrets.token === 't0k' }}", Scope()));
    }

    [Fact]
    public void Evaluate_SecretsObject_HoldsOnlyReferencedSecrets()
    {
        var value = evaluator.Evaluate("[Object.keys(secrets), secrets.token]", Scope());

        JsonAssert.Equal("""[["token"], "t0k"]""", value);
    }

    [Fact]
    public void Evaluate_SecretFailure_MessageDoesNotContainTheValue()
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("secrets.dbPassword.x.y", Scope()));

        Assert.DoesNotContain("hunter2", ex.Message);
    }

    /// <summary>A secret store that records which names were asked for.</summary>
    private sealed class FakeSecretStore : Dictionary<string, string>
    {
        public List<string> Requested { get; } = [];

        public string? Resolve(string name)
        {
            Requested.Add(name);
            return TryGetValue(name, out var value) ? value : null;
        }
    }
}
