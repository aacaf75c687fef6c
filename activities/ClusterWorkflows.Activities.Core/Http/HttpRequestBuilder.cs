using System.Text;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Core.Http;

internal static class HttpRequestBuilder
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static HttpRequestMessage Build(SendHttpRequestInput input, Uri uri, HttpMethod method, string idempotencyKey)
    {
        var request = new HttpRequestMessage(method, uri);
        try
        {
            if (input.Json is not null)
            {
                request.Content = new StringContent(input.Json.ToJsonString(), Encoding.UTF8, "application/json");
            }
            else if (input.Body is not null)
            {
                request.Content = new StringContent(input.Body, Encoding.UTF8);
            }

            foreach (var (name, value) in input.Headers ?? [])
            {
                AddHeader(request, name, value ?? "");
            }

            // Lets the server drop a duplicate when a retry or a resume after a crash resends the request.
            if (!HttpMethods.IsGetOrHead(method) && !request.Headers.Contains(IdempotencyKeyHeader))
            {
                request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
            }

            if (!string.IsNullOrEmpty(input.BearerToken))
            {
                request.Headers.Remove("Authorization");
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + input.BearerToken);
            }

            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    private static void AddHeader(HttpRequestMessage request, string name, string value)
    {
        // Request headers refuse content headers (Content-Type...), which belong on the content.
        if (request.Headers.TryAddWithoutValidation(name, value))
        {
            return;
        }

        request.Content ??= new ByteArrayContent([]);
        request.Content.Headers.Remove(name);
        if (!request.Content.Headers.TryAddWithoutValidation(name, value))
        {
            throw new NonRetryableActivityException("http.bad-header", $"header '{name}' cannot be set on a request");
        }
    }
}
