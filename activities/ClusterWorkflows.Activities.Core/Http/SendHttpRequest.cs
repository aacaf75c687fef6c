using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Http;

/// <summary>
/// One HTTP exchange. GET, HEAD and OPTIONS report no change; other methods do, carry the step's
/// idempotency key and are not sent in check mode.
/// </summary>
[Activity("core.http", 1, Category = ActivityCategories.Core, InputErrorCode = "http.bad-input", Description = "Sends an HTTP request and returns the status, headers and body.")]
public sealed class SendHttpRequest(ICoreHttpClientProvider clients) : IActivity<SendHttpRequestInput, SendHttpRequestOutput>
{
    private const int ErrorBodyChars = 300;

    public async Task<ActivityResult<SendHttpRequestOutput>> ExecuteAsync(SendHttpRequestInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var uri = HttpTarget.Parse(input.Url);
        var method = new HttpMethod(input.Method.ToUpperInvariant());
        var target = $"{method} {HttpTarget.Display(uri)}";
        var changes = HttpMethods.Changes(method);
        if (context.CheckMode && !HttpMethods.IsGetOrHead(method))
        {
            context.Log.Info($"check mode: {target} not sent");
            return new ActivityResult<SendHttpRequestOutput>(new SendHttpRequestOutput { Status = 0, Headers = [], Body = "" }, changes);
        }

        var redactor = new SecretRedactor(input.BearerToken);
        using var request = HttpRequestBuilder.Build(input, uri, method, context.IdempotencyKey);
        using var timeout = new CancellationTokenSource(input.Timeout, context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        context.Log.Info(target);
        try
        {
            using var response = await clients.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await HttpBodyReader.ReadAsync(response.Content, linked.Token);
            var status = (int)response.StatusCode;
            context.Log.Info($"{target} -> {status} {response.ReasonPhrase} ({body.BytesRead}{(body.Truncated ? "+" : "")} bytes)");
            EnsureExpected(input, status, response.ReasonPhrase, target, redactor.Redact(body.Text));
            return new ActivityResult<SendHttpRequestOutput>(Output(status, response, body, redactor, context.Log), changes);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ActivityException("http.timeout", $"{target} did not complete within {Duration.Format(input.Timeout)}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new ActivityException("http.connect", $"{target} failed: {redactor.Redact(ex.Message)}");
        }
    }

    private static void EnsureExpected(SendHttpRequestInput input, int status, string? reason, string target, string body)
    {
        var expected = input.ExpectStatus is { Length: > 0 } codes ? codes.Contains(status) : status is >= 200 and <= 299;
        if (expected)
        {
            return;
        }

        var wanted = input.ExpectStatus is { Length: > 0 } list ? string.Join(", ", list) : "2xx";
        var excerpt = body.Length > ErrorBodyChars ? body[..ErrorBodyChars] + "..." : body;
        excerpt = excerpt.ReplaceLineEndings(" ").Trim();
        var message = $"{target} returned {status} {reason} (expected {wanted})"
            + (excerpt.Length > 0 ? $": {excerpt}" : "");
        var retryable = status >= 500 || status == 408 || status == 429;
        throw retryable
            ? new ActivityException("http.status", message)
            : new NonRetryableActivityException("http.status", message);
    }

    private static SendHttpRequestOutput Output(int status, HttpResponseMessage response, HttpBody body, SecretRedactor redactor, IActivityLog log)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = redactor.Redact(string.Join(", ", values));
        }

        if (body.Truncated)
        {
            log.Warning($"response body truncated to {HttpBodyReader.MaxBytes} bytes (1 MiB); json is not parsed");
        }

        if (redactor.Contains(body.Text))
        {
            // A server echoing the token back must not carry it into outputs, the journal or the UI.
            log.Warning("the response contained the bearer token; it was replaced by " + SecretRedactor.Mask);
        }

        var text = redactor.Redact(body.Text);
        JsonNode? json = null;
        if (!body.Truncated && text.Length > 0 && HttpBodyReader.IsJson(response.Content.Headers.ContentType)
            && !HttpBodyReader.TryParseJson(text, out json))
        {
            log.Warning("the response says it is JSON but does not parse; json is null");
        }

        return new SendHttpRequestOutput { Status = status, Headers = headers, Body = text, Json = json };
    }
}
