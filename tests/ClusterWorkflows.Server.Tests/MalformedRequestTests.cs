using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClusterWorkflows.Server.Tests.Fixtures;

namespace ClusterWorkflows.Server.Tests;

/// <summary>
/// The corpus of malformed requests (Corpus/malformed-requests.json): each gets its expected status,
/// problem details naming the field when it is a field's fault, and never a 500.
/// </summary>
public sealed class MalformedRequestTests(TestServerHost server) : IClassFixture<TestServerHost>
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var item in Corpus())
        {
            data.Add(item!["name"]!.GetValue<string>());
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastThirtyCases() => Assert.True(Corpus().Count >= 30, $"only {Corpus().Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Send_MalformedRequest_ExpectedProblemNotServerError(string name)
    {
        var item = Corpus().Single(c => c!["name"]!.GetValue<string>() == name)!;
        using var client = server.Admin();
        using var request = new HttpRequestMessage(new HttpMethod(item["method"]!.GetValue<string>()), item["path"]!.GetValue<string>());
        if (item["body"]?.GetValue<string>() is { } body)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(item["contentType"]!.GetValue<string>());
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode < 500, $"{name}: {(int)response.StatusCode} {text}");
        Assert.True((int)response.StatusCode == item["status"]!.GetValue<int>(), $"{name}: expected {item["status"]}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
        if (item["field"]?.GetValue<string>() is { } field)
        {
            var errors = JsonNode.Parse(text)!["errors"]?.AsObject();
            Assert.True(errors is not null && errors.ContainsKey(field), $"{name}: no error for '{field}': {text}");
        }
    }

    private static JsonArray Corpus() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "malformed-requests.json")))!.AsArray();
}
