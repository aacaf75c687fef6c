using System.Text;
using System.Text.Json.Nodes;
using ClusterWorkflows.Secrets;

namespace ClusterWorkflows.Store.Tests.Secrets;

public sealed class RedactorTests
{
    [Fact]
    public void Redact_NoSecrets_ReturnsSameText()
    {
        var redactor = new Redactor();
        const string text = "nothing to hide";

        Assert.True(redactor.IsEmpty);
        Assert.Same(text, redactor.Redact(text));
    }

    [Fact]
    public void Redact_EveryOccurrence_IsMasked()
    {
        var redactor = new Redactor();
        redactor.Add("hunter22");

        Assert.Equal("pw=*** again ***!", redactor.Redact("pw=hunter22 again hunter22!"));
        Assert.False(redactor.IsEmpty);
    }

    [Fact]
    public void Redact_OverlappingSecrets_LongestIsMaskedWhole()
    {
        var redactor = new Redactor();
        redactor.Add("abcd");
        redactor.Add("abcdef-ghij");

        Assert.Equal("x***x and ***", redactor.Redact("xabcdef-ghijx and abcd"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("abc")]
    [InlineData("      ")]
    public void Add_ShorterThanFourCharacters_IsIgnored(string secret)
    {
        var redactor = new Redactor();

        redactor.Add(secret);

        Assert.True(redactor.IsEmpty);
        Assert.Equal("abc abc", redactor.Redact("abc abc"));
    }

    [Theory]
    [InlineData("admin:")]
    [InlineData("adm:")]
    [InlineData("ad:")]
    public void Redact_SecretInsideBasicAuthHeader_IsMaskedAtAnyAlignment(string userPrefix)
    {
        const string password = "Tr0ub4dor&3xyz";
        var redactor = new Redactor();
        redactor.Add(password);
        var header = "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userPrefix + password));
        var core = header[^12..^4];

        var redacted = redactor.Redact(header);

        Assert.Contains(Redactor.Mask, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(core, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_Base64OfWholeSecret_IsMasked()
    {
        const string secret = "my-api-token-123";
        var redactor = new Redactor();
        redactor.Add(secret);

        var redacted = redactor.Redact("token=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));

        Assert.StartsWith("token=***", redacted, StringComparison.Ordinal);
        Assert.True(redacted.Length <= "token=***".Length + 3);
    }

    [Fact]
    public void Redact_UrlAndJsonEncodedForms_AreMasked()
    {
        const string secret = "p@ss w\"rd/é";
        var redactor = new Redactor();
        redactor.Add(secret);

        Assert.Equal("https://x/?pw=***", redactor.Redact("https://x/?pw=" + Uri.EscapeDataString(secret)));
        Assert.Equal("{\"pw\":\"***\"}", redactor.Redact(new JsonObject { ["pw"] = secret }.ToJsonString()));
    }

    [Fact]
    public void Redact_Json_DeepCopiesAndMasksEveryString()
    {
        var redactor = new Redactor();
        redactor.Add("hunter22");
        var original = new JsonObject
        {
            ["password"] = "hunter22",
            ["count"] = 3,
            ["flag"] = true,
            ["nested"] = new JsonObject { ["url"] = "https://u:hunter22@host", ["none"] = null },
            ["list"] = new JsonArray("a", "hunter22", 5),
        };
        var snapshot = original.ToJsonString();

        var redacted = redactor.Redact(original);

        var expected = new JsonObject
        {
            ["password"] = "***",
            ["count"] = 3,
            ["flag"] = true,
            ["nested"] = new JsonObject { ["url"] = "https://u:***@host", ["none"] = null },
            ["list"] = new JsonArray("a", "***", 5),
        };
        Assert.IsType<JsonObject>(redacted);
        Assert.True(JsonNode.DeepEquals(expected, redacted), redacted!.ToJsonString());
        Assert.Equal(snapshot, original.ToJsonString());
    }

    [Fact]
    public void Redact_JsonWithoutSecrets_ReturnsACopy()
    {
        var redactor = new Redactor();
        var original = new JsonObject { ["a"] = "b" };

        var copy = redactor.Redact(original);

        Assert.NotSame(original, copy);
        Assert.True(JsonNode.DeepEquals(original, copy));
        Assert.Null(redactor.Redact((JsonNode?)null));
    }

    [Fact]
    public async Task AddAndRedact_FromManyThreads_AllSecretsEndUpMasked()
    {
        var redactor = new Redactor();
        var secrets = Enumerable.Range(0, 200).Select(i => $"secret-value-{i:D4}").ToArray();

        await Task.WhenAll(
            Task.Run(() => Parallel.ForEach(secrets, redactor.Add)),
            Task.Run(() => Parallel.For(0, 2000, i => redactor.Redact($"line {i} secret-value-0001"))));

        Assert.All(secrets, s => Assert.Equal("[***]", redactor.Redact($"[{s}]")));
    }
}
