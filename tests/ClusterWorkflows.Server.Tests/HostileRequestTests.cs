using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClusterWorkflows.Server.Tests.Corpus;
using ClusterWorkflows.Server.Tests.Fixtures;

namespace ClusterWorkflows.Server.Tests;

/// <summary>
/// The hostile corpus (Corpus/HostileCorpus.cs) against the API: each case answers its status
/// within the deadline, as problem details naming the field when one is at fault, and the server
/// still answers /healthz afterwards.
/// </summary>
public sealed class HostileRequestTests(TestServerHost server) : IClassFixture<TestServerHost>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Cases() => [.. HostileCorpus.Cases.Select(c => c.Name)];

    [Fact]
    public void Corpus_HasAtLeastThirtyCases() => Assert.True(HostileCorpus.Cases.Count >= 30, $"only {HostileCorpus.Cases.Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Send_HostileRequest_BoundedAnswerAndServerAlive(string name)
    {
        var item = HostileCorpus.Cases.Single(c => c.Name == name);
        using var client = server.Admin();
        client.Timeout = Deadline;
        using var request = new HttpRequestMessage(new HttpMethod(item.Method), item.Path);
        if (item.Body is { } body)
        {
            request.Content = new StringContent(body(), Encoding.UTF8, "application/json");
        }

        foreach (var (header, value) in item.Headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        var text = status == 200 && response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();

        Assert.True(item.Statuses.Contains(status), $"{name}: expected {string.Join("/", item.Statuses)}, got {status}: {Start(text)}");
        Assert.True(text.Length < 200_000, $"{name}: a {text.Length}-character answer");
        if (status >= 400 && status != 414)
        {
            Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
        }

        if (item.Field is { } field)
        {
            var errors = JsonNode.Parse(text)!["errors"]?.AsObject();
            Assert.True(errors is not null && errors.ContainsKey(field), $"{name}: no error for '{field}': {Start(text)}");
        }

        if (item.ValidationMessage is { } message)
        {
            var answer = JsonNode.Parse(text)!;
            Assert.False(answer["valid"]!.GetValue<bool>(), name);
            Assert.Contains(message, answer.ToJsonString(), StringComparison.Ordinal);
        }

        await AssertAliveAsync();
    }

    [Fact]
    public async Task StartRun_SixtyThousandUndeclaredInputs_FirstHundredErrorsAndACount()
    {
        using var client = server.Operator();

        var (status, body) = await client.PostJsonAsync("/api/runs", HostileCorpus.ManyInputs(60_000));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body!["errors"]!.AsObject();
        Assert.Equal(100, errors.Sum(e => e.Value!.AsArray().Count));
        Assert.Equal(59_900, body["moreErrors"]!.GetValue<int>());
        Assert.Contains("59900 more", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveDefinition_TwentyThousandUnknownKeys_FirstHundredErrorsAndACount()
    {
        using var client = server.Admin();

        var (status, body) = await client.PostJsonAsync("/api/definitions", HostileCorpus.Json(new { content = HostileCorpus.ManyUnknownKeys(20_000) }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(100, body!["errors"]!.AsObject().Sum(e => e.Value!.AsArray().Count));
        Assert.Equal(19_900, body["moreErrors"]!.GetValue<int>());
    }

    [Fact]
    public async Task ValidateDefinition_TwentyThousandUnknownKeys_FirstHundredDiagnosticsAndACount()
    {
        using var client = server.Viewer();

        var body = await client.PostJsonAsync("/api/definitions/validate", HostileCorpus.Json(new { content = HostileCorpus.ManyUnknownKeys(20_000) })).ExpectAsync(HttpStatusCode.OK);

        Assert.False(body["valid"]!.GetValue<bool>());
        Assert.Equal(100, body["diagnostics"]!.AsArray().Count);
        Assert.Equal(19_900, body["moreDiagnostics"]!.GetValue<int>());
    }

    [Fact]
    public async Task ValidateDefinition_FewProblems_AllListedAndNoneMore()
    {
        using var client = server.Viewer();

        var body = await client.PostJsonAsync("/api/definitions/validate", HostileCorpus.Json(new { content = HostileCorpus.ManyUnknownKeys(3) })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(3, body["diagnostics"]!.AsArray().Count);
        Assert.Equal(0, body["moreDiagnostics"]!.GetValue<int>());
    }

    [Fact]
    public async Task Responses_ApiAndDocs_CarryNosniffAndFrameProtection()
    {
        using var client = server.Admin();
        foreach (var path in new[] { "/api/definitions", "/api/docs/index.html", "/api/no-such-route", "/healthz" })
        {
            using var response = await client.GetAsync(path);

            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", path);
            Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frame) && frame.Single() == "DENY", path);
            Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp) && csp.Single().Contains("frame-ancestors 'none'", StringComparison.Ordinal), path);
        }
    }

    [Fact]
    public async Task Database_NewFile_IsOwnerOnly()
    {
        await AssertAliveAsync();

        var mode = File.GetUnixFileMode(Path.Combine(server.Home, "cw.db"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    private async Task AssertAliveAsync()
    {
        using var client = server.Client();
        client.Timeout = Deadline;
        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static string Start(string text) => text.Length <= 1000 ? text : text[..1000];
}
