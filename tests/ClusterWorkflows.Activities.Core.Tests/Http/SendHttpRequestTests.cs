using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClusterWorkflows.Activities.Core.Tests.Http;

public sealed class SendHttpRequestTests : IAsyncLifetime
{
    private const string Token = "s3cretBearerT0ken";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly TaskCompletionSource neverAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LoopbackHttpServer server;

    public SendHttpRequestTests()
    {
        server = LoopbackHttpServer.Start(async (request, ct) =>
        {
            var path = request.PathAndQuery;
            if (path == "/hang")
            {
                await neverAnswer.Task.WaitAsync(ct);
            }

            return path switch
            {
                "/json" => LoopbackResponse.Json("""{"name":"node-1","ready":true}""") with { Headers = new Dictionary<string, string> { ["X-Node"] = "n1" } },
                "/problem" => new LoopbackResponse(200) { Body = """{"title":"x"}""", ContentType = "application/problem+json" },
                "/broken-json" => LoopbackResponse.Json("{not json"),
                "/text" => LoopbackResponse.Text("plain"),
                "/created" => LoopbackResponse.Json("""{"id":7}""", 201),
                "/big" => LoopbackResponse.Text(new string('a', (1024 * 1024) + 100)),
                "/echo-auth" => LoopbackResponse.Text("you sent " + request.Header("Authorization"), 401),
                "/echo-auth-ok" => LoopbackResponse.Text("you sent " + request.Header("Authorization")),
                _ when path.StartsWith("/status/", StringComparison.Ordinal) =>
                    LoopbackResponse.Text("status body", int.Parse(path["/status/".Length..], System.Globalization.CultureInfo.InvariantCulture)),
                _ => LoopbackResponse.Text("not found", 404),
            };
        });
    }

    [Fact]
    public async Task Get_JsonResponse_ReturnsStatusHeadersBodyAndParsedJson()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = server.Url("/json") });

        Assert.False(result.Changed);
        Assert.Equal(200, result.Outputs["status"]!.GetValue<int>());
        Assert.Equal("""{"name":"node-1","ready":true}""", result.Outputs["body"]!.GetValue<string>());
        Assert.Equal("node-1", result.Outputs["json"]!["name"]!.GetValue<string>());
        Assert.True(result.Outputs["json"]!["ready"]!.GetValue<bool>());
        var headers = result.Outputs["headers"]!.AsObject();
        Assert.Equal("n1", headers["X-Node"]!.GetValue<string>());
        Assert.StartsWith("application/json", headers["Content-Type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PlusJsonMediaType_IsParsed()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = server.Url("/problem") });

        Assert.Equal("x", result.Outputs["json"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_TextResponse_HasNullJson()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = server.Url("/text") });

        Assert.Equal("plain", result.Outputs["body"]!.GetValue<string>());
        Assert.Null(result.Outputs["json"]);
    }

    [Fact]
    public async Task Get_InvalidJson_KeepsBodyAndWarns()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = server.Url("/broken-json") });

        Assert.Equal("{not json", result.Outputs["body"]!.GetValue<string>());
        Assert.Null(result.Outputs["json"]);
        Assert.Contains(harness.Log.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("does not parse", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_RequestHeaders_ReachTheServer_WithoutIdempotencyKey()
    {
        await using var harness = CoreHarness.Create();

        await harness.InvokeAsync("core.http@1", new JsonObject
        {
            ["url"] = server.Url("/json"),
            ["headers"] = new JsonObject { ["X-Request-Source"] = "runbook", ["Accept"] = "application/json" },
        });

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("runbook", request.Header("X-Request-Source"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Null(request.Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Post_Json_SendsBodyContentTypeAndIdempotencyKey_AndReportsChanged()
    {
        await using var harness = CoreHarness.Create();
        harness.IdempotencyKey = "run-42/steps/create-user";

        var result = await harness.InvokeAsync("core.http@1", new JsonObject
        {
            ["url"] = server.Url("/created"),
            ["method"] = "POST",
            ["json"] = new JsonObject { ["user"] = "ops" },
        });

        Assert.True(result.Changed);
        Assert.Equal(201, result.Outputs["status"]!.GetValue<int>());
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("""{"user":"ops"}""", request.Body);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("run-42/steps/create-user", request.Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Put_TextBodyWithContentTypeHeader_SendsThatContentType()
    {
        await using var harness = CoreHarness.Create();

        await harness.InvokeAsync("core.http@1", new JsonObject
        {
            ["url"] = server.Url("/created"),
            ["method"] = "PUT",
            ["body"] = "a=1",
            ["headers"] = new JsonObject { ["Content-Type"] = "application/x-www-form-urlencoded", ["Idempotency-Key"] = "mine" },
        });

        var request = Assert.Single(server.Requests);
        Assert.Equal("a=1", request.Body);
        Assert.Equal("application/x-www-form-urlencoded", request.Header("Content-Type"));
        Assert.Equal("mine", request.Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Post_BodyAndJson_ThrowsNonRetryable()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => harness.InvokeAsync("core.http@1", new JsonObject
        {
            ["url"] = server.Url("/created"),
            ["method"] = "POST",
            ["body"] = "x",
            ["json"] = new JsonObject(),
        }));

        Assert.Equal("http.bad-input", error.Code);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task Get_RetryableStatus_ThrowsRetryableHttpStatus(int status)
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<ActivityException>(
            () => harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = server.Url($"/status/{status}") }));

        Assert.Equal("http.status", error.Code);
        Assert.True(error.Retryable);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("status body", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    public async Task Get_ClientErrorStatus_ThrowsNonRetryableHttpStatus(int status)
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(
            () => harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = server.Url($"/status/{status}") }));

        Assert.Equal("http.status", error.Code);
        Assert.False(error.Retryable);
    }

    [Fact]
    public async Task Get_ExpectStatusListsTheStatus_Succeeds()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.http@1", new JsonObject
        {
            ["url"] = server.Url("/status/404"),
            ["expectStatus"] = new JsonArray(200, 404),
        });

        Assert.Equal(404, result.Outputs["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_ExpectStatusExcludesA2xx_Throws()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => harness.InvokeAsync("core.http@1", new JsonObject
        {
            ["url"] = server.Url("/json"),
            ["expectStatus"] = new JsonArray(204),
        }));

        Assert.Contains("expected 204", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BearerToken_IsSent_ButNeverLoggedOrInErrors()
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(() => harness.InvokeAsync("core.http@1", new JsonObject
        {
            ["url"] = server.Url("/echo-auth"),
            ["bearerToken"] = Token,
        }));

        Assert.Equal("Bearer " + Token, Assert.Single(server.Requests).Header("Authorization"));
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
        Assert.Contains("you sent Bearer ***", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Log.Lines, l => l.Text.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BearerToken_EchoedInSuccessfulResponse_IsRedactedFromOutputs()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.http@1", new JsonObject
        {
            ["url"] = server.Url("/echo-auth-ok"),
            ["bearerToken"] = Token,
        });

        Assert.Equal("you sent Bearer ***", result.Outputs["body"]!.GetValue<string>());
        Assert.DoesNotContain(Token, result.Outputs.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckMode_Post_IsNotSent_AndReportsChanged()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync(
            "core.http@1",
            new JsonObject { ["url"] = server.Url("/created"), ["method"] = "POST", ["json"] = new JsonObject() },
            checkMode: true);

        Assert.Empty(server.Requests);
        Assert.True(result.Changed);
        Assert.Equal(0, result.Outputs["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task CheckMode_Get_IsSent()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = server.Url("/json") }, checkMode: true);

        Assert.Single(server.Requests);
        Assert.False(result.Changed);
        Assert.Equal(200, result.Outputs["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Options_ReportsUnchanged()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = server.Url("/json"), ["method"] = "OPTIONS" });

        Assert.False(result.Changed);
        Assert.Equal("OPTIONS", Assert.Single(server.Requests).Method);
    }

    [Theory]
    [InlineData("ftp://example.org/file")]
    [InlineData("/relative/path")]
    [InlineData("not a url")]
    public async Task BadUrl_ThrowsNonRetryableBadUrl(string url)
    {
        await using var harness = CoreHarness.Create();

        var error = await Assert.ThrowsAsync<NonRetryableActivityException>(
            () => harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = url }));

        Assert.Equal("http.bad-url", error.Code);
    }

    [Fact]
    public async Task BigBody_IsTruncatedToOneMebibyte_AndSaysSo()
    {
        await using var harness = CoreHarness.Create();

        var result = await harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = server.Url("/big") });

        Assert.Equal(1024 * 1024, result.Outputs["body"]!.GetValue<string>().Length);
        Assert.Contains(harness.Log.Lines, l => l.Text.Contains("truncated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClosedPort_ThrowsRetryableConnectError()
    {
        await using var harness = CoreHarness.Create();
        var url = $"http://127.0.0.1:{LoopbackHttpServer.FreePort()}/";

        var error = await Assert.ThrowsAsync<ActivityException>(() => harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = url }));

        Assert.Equal("http.connect", error.Code);
        Assert.True(error.Retryable);
    }

    [Fact]
    public async Task SlowServer_TimesOutRetryably()
    {
        var time = new FakeTimeProvider();
        await using var harness = CoreHarness.Create(time);

        var run = harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = server.Url("/hang"), ["timeout"] = "5s" });
        await Eventually.AssertAsync(() => server.Requests.Count == 1, Deadline, "the server received the request");
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<ActivityException>(() => run.WaitAsync(Deadline));
        Assert.Equal("http.timeout", error.Code);
        Assert.True(error.Retryable);
    }

    [Fact]
    public async Task SlowServer_Cancelled_ThrowsOperationCanceled()
    {
        await using var harness = CoreHarness.Create(new FakeTimeProvider());
        using var cts = new CancellationTokenSource();

        var run = harness.InvokeAsync("core.http@1", new JsonObject { ["url"] = server.Url("/hang") }, ct: cts.Token);
        await Eventually.AssertAsync(() => server.Requests.Count == 1, Deadline, "the server received the request");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Deadline));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        neverAnswer.TrySetResult();
        await server.DisposeAsync();
    }
}
