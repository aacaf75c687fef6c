using System.Text.Json.Nodes;

namespace ClusterWorkflows.Server.Tests.Fixtures;

public sealed record ServerEvent(string? Id, string Type, JsonNode Data);

/// <summary>Reads a text/event-stream response event by event (a minimal parser for the tests).</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private EventStream(HttpResponseMessage response, Stream body)
    {
        this.response = response;
        reader = new StreamReader(body);
    }

    public static async Task<EventStream> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, or null when the stream ended; fails after the deadline.</summary>
    public async Task<ServerEvent?> NextAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        string? id = null;
        string? type = null;
        string? data = null;
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no event within {deadline}");
                return null;
            }

            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new ServerEvent(id, type ?? "message", JsonNode.Parse(data)!);
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data = data is null ? value : data + "\n" + value;
                    break;
            }
        }
    }

    /// <summary>Events until <paramref name="stop"/> holds for one (included) or the stream ends.</summary>
    public async Task<List<ServerEvent>> ReadUntilAsync(Func<ServerEvent, bool> stop, TimeSpan deadline)
    {
        var events = new List<ServerEvent>();
        while (await NextAsync(deadline) is { } next)
        {
            events.Add(next);
            if (stop(next))
            {
                break;
            }
        }

        return events;
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
