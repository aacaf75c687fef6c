using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>
/// The server's REST API over HttpClient: JSON in and out, and every failure a
/// <see cref="RemoteException"/> with its exit code. The token goes into the Authorization header
/// only; no message is built from a request, so it cannot be printed.
/// </summary>
public sealed class ApiClient : IDisposable
{
    /// <summary>A single call; following a run's events has no limit.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(100);

    private readonly HttpClient http;

    public ApiClient(ServerSettings settings)
    {
        Server = ServerSettings.Describe(settings.Url);
        http = new HttpClient { BaseAddress = settings.Url, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("cw", typeof(ApiClient).Assembly.GetName().Version?.ToString()));
    }

    /// <summary>The server's URL, for messages.</summary>
    public string Server { get; }

    /// <summary>GET of a path relative to the server (<c>api/runs</c>); every read needs the viewer role.</summary>
    public Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, Hosting.Tokens.Roles.Viewer, cancellationToken);

    /// <summary>
    /// A call that changes something. <paramref name="role"/> is the role the server requires for it,
    /// named in the message when the token's role is lower.
    /// </summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, string role, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await SendCoreAsync(request, HttpCompletionOption.ResponseContentRead, role, timeout.Token, cancellationToken);
        var text = await Guarded(() => response.Content.ReadAsStringAsync(timeout.Token), cancellationToken);
        return text.Length == 0 ? null : Parse(text, path);
    }

    /// <summary>Opens a text/event-stream response; the caller reads and disposes it.</summary>
    public Task<HttpResponseMessage> OpenEventsAsync(string path, string? lastEventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return SendCoreAsync(request, HttpCompletionOption.ResponseHeadersRead, Hosting.Tokens.Roles.Viewer, cancellationToken, cancellationToken);
    }

    /// <summary>What a read of a response's body raises, as the failure to print.</summary>
    public RemoteException Lost(Exception error) =>
        new($"lost the connection to the server at {Server}: {error.Message}", ExitCodes.Usage);

    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, HttpCompletionOption completion, string role, CancellationToken timeout, CancellationToken cancellationToken)
    {
        var response = await Guarded(() => http.SendAsync(request, completion, timeout), cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await Guarded(() => response.Content.ReadAsStringAsync(timeout), cancellationToken);
            throw Problems.From(response.StatusCode, text, role, Server);
        }
    }

    /// <summary>Transport failures as messages: unreachable, timed out, or interrupted by Ctrl+C.</summary>
    private async Task<T> Guarded<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException ex)
        {
            throw new RemoteException($"cannot reach the server at {Server}: {ex.Message}", ExitCodes.Usage);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new RemoteException("interrupted", ExitCodes.Interrupted);
        }
        catch (OperationCanceledException)
        {
            throw new RemoteException($"the server at {Server} did not answer within {CallTimeout.TotalSeconds:0} s", ExitCodes.Usage);
        }
        catch (IOException ex)
        {
            throw Lost(ex);
        }
    }

    private JsonNode? Parse(string text, string path)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new RemoteException($"the server at {Server} answered {path} with something that is not JSON; is it a cw-server?", ExitCodes.Usage);
        }
    }
}
