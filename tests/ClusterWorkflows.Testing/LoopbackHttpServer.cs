using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ClusterWorkflows.Testing;

/// <summary>A request as the loopback server received it. Header names are case-insensitive.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>What the loopback server answers.</summary>
public sealed record LoopbackResponse(int Status)
{
    public string Body { get; init; } = "";

    public string? ContentType { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public static LoopbackResponse Json(string json, int status = 200) =>
        new(status) { Body = json, ContentType = "application/json; charset=utf-8" };

    public static LoopbackResponse Text(string text, int status = 200) =>
        new(status) { Body = text, ContentType = "text/plain; charset=utf-8" };
}

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port (System.Net.HttpListener) that records every
/// request and answers through a handler. The handler's token is cancelled when the server stops,
/// so a handler may hang on purpose (timeout tests) without blocking disposal.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener listener;
    private readonly Func<RecordedRequest, CancellationToken, Task<LoopbackResponse>> handler;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    private LoopbackHttpServer(HttpListener listener, Uri baseAddress, Func<RecordedRequest, CancellationToken, Task<LoopbackResponse>> handler)
    {
        this.listener = listener;
        this.handler = handler;
        BaseAddress = baseAddress;
        loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public static LoopbackHttpServer Start(Func<RecordedRequest, LoopbackResponse> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Start((request, _) => Task.FromResult(handler(request)));
    }

    public static LoopbackHttpServer Start(Func<RecordedRequest, CancellationToken, Task<LoopbackResponse>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);

        // The free port may be taken between probing and listening: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var prefix = $"http://127.0.0.1:{FreePort()}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return new LoopbackHttpServer(listener, new Uri(prefix), handler);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    /// <summary>A port nothing listens on at the moment of the call (for connection-refused tests).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public string Url(string pathAndQuery) => new Uri(BaseAddress, pathAndQuery).ToString();

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Close();
        try
        {
            await loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the accept loop with one of these.
        }

        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        try
        {
            var request = await RecordAsync(context.Request);
            requests.Enqueue(request);
            var answer = await handler(request, stopping.Token);
            var response = context.Response;
            response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
            {
                response.Headers[name] = value;
            }

            if (answer.ContentType is not null)
            {
                response.ContentType = answer.ContentType;
            }

            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            response.ContentLength64 = bytes.Length;
            if (bytes.Length > 0 && request.Method != "HEAD")
            {
                await response.OutputStream.WriteAsync(bytes, stopping.Token);
            }

            response.Close();
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            context.Response.Abort();
        }
    }

    private static async Task<RecordedRequest> RecordAsync(HttpListenerRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in request.Headers.AllKeys.OfType<string>())
        {
            headers[name] = request.Headers[name] ?? "";
        }

        using var reader = new StreamReader(request.InputStream, request.ContentEncoding);
        var body = await reader.ReadToEndAsync();
        return new RecordedRequest(request.HttpMethod, request.Url?.PathAndQuery ?? "/", headers, body);
    }
}
