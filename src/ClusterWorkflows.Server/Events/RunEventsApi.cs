using System.Globalization;
using System.Text.Json.Nodes;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Server.Api;
using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Server.Errors;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Events;

/// <summary>
/// Server-Sent Events. A run's stream sends <c>run</c> (status), <c>step</c> (a journal record's
/// newest state, in the order of change) and <c>log</c> events, then <c>end</c> once the run is
/// completed or cancelled; the runs stream sends a <c>run</c> event whenever a run changes.
/// Everything is read from the store, so a stream sees runs executed by any node, and an event id
/// (<c>Last-Event-ID</c>) is a position to resume from after a reconnect without loss. The exception
/// is <c>progress</c> (a running step's latest done/total): it is never stored, so it comes from this
/// node's <see cref="RunEventHub"/>, carries no id (a reconnect resumes the stored events and then gets
/// the current progress again) and is only seen on the node running the step.
/// </summary>
public static class RunEventsApi
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private const int Batch = 500;
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(2);

    public static void MapRunEvents(this IEndpointRouteBuilder api)
    {
        api.MapGet("/runs/{id:guid}/events", RunStreamAsync).RequireAuthorization(Roles.Viewer).WithTags("Runs")
            .WithSummary("Live events of a run (text/event-stream); resumes after Last-Event-ID.");
        api.MapGet("/runs/events", ListStreamAsync).RequireAuthorization(Roles.Viewer).WithTags("Runs")
            .WithSummary("Live changes of every run (text/event-stream); resumes after Last-Event-ID.");
    }

    private static async Task RunStreamAsync(Guid id, HttpContext context, EngineHost host, RunEventHub hub)
    {
        var ct = context.RequestAborted;
        var position = RunPosition(context);
        var run = await host.Services.Store.GetRunAsync(id, ct) ?? throw ApiException.NotFound($"There is no run {id}.");
        var reader = new RunEventReader(new StoreRunEventSource(host.Services.Store, host.Store), run, position);
        var stream = new EventWriter(context.Response);
        await stream.OpenAsync(ct);
        var quietSince = DateTimeOffset.UtcNow;
        var progressSent = 0L;
        var running = new HashSet<(string Path, int Attempt)>();
        while (!ct.IsCancellationRequested)
        {
            var wrote = false;
            await foreach (var e in reader.NextAsync(ct))
            {
                await stream.WriteAsync(e.Id, e.Type, e.Data, ct);
                TrackRunning(running, e);
                wrote = true;
            }

            if (reader.Ended)
            {
                return;
            }

            // After the stored events, and only for attempts this stream last showed running: the hub forgets a
            // step's progress only after its final record is committed, which this stream may already have sent.
            foreach (var entry in hub.ProgressSince(id, progressSent))
            {
                progressSent = entry.Version;
                if (running.Contains((entry.Progress.StepPath, entry.Progress.Attempt)))
                {
                    await stream.WriteAsync(null, "progress", Views.Progress(entry.Progress), ct);
                    wrote = true;
                }
            }

            quietSince = await KeepAliveAsync(stream, wrote, quietSince, ct);
            await hub.WaitAsync(id, Poll, ct);
        }
    }

    private static async Task ListStreamAsync(HttpContext context, EngineHost host, RunEventHub hub)
    {
        var ct = context.RequestAborted;
        var since = ListPosition(context) ?? host.Services.Time.GetUtcNow();
        var floor = since;
        var stream = new EventWriter(context.Response);
        await stream.OpenAsync(ct);
        // Nodes' clocks and commits differ a little: read again a short window back, and skip what was sent.
        var sent = new Dictionary<Guid, DateTimeOffset>();
        var quietSince = DateTimeOffset.UtcNow;
        while (!ct.IsCancellationRequested)
        {
            var wrote = false;
            foreach (var run in await host.Store.ListRunsChangedSinceAsync(since - Overlap, Batch, ct))
            {
                if ((sent.TryGetValue(run.Id, out var last) && run.UpdatedAt <= last) || run.UpdatedAt < floor)
                {
                    continue;
                }

                sent[run.Id] = run.UpdatedAt;
                since = run.UpdatedAt > since ? run.UpdatedAt : since;
                await stream.WriteAsync(since.UtcTicks.ToString(CultureInfo.InvariantCulture), "run", Views.Run(run), ct);
                wrote = true;
            }

            foreach (var old in sent.Where(s => s.Value < since - Overlap).Select(s => s.Key).ToList())
            {
                sent.Remove(old);
            }

            quietSince = await KeepAliveAsync(stream, wrote, quietSince, ct);
            await hub.WaitAsync(null, Poll, ct);
        }
    }

    private static void TrackRunning(HashSet<(string Path, int Attempt)> running, RunEvent e)
    {
        if (e.Type != "step")
        {
            return;
        }

        var key = (e.Data["path"]!.GetValue<string>(), e.Data["attempt"]!.GetValue<int>());
        if (e.Data["status"]?.GetValue<string>() == "running")
        {
            running.Add(key);
        }
        else
        {
            running.Remove(key);
        }
    }

    private static async Task<DateTimeOffset> KeepAliveAsync(EventWriter stream, bool wrote, DateTimeOffset quietSince, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        if (wrote)
        {
            return now;
        }

        if (now - quietSince < KeepAlive)
        {
            return quietSince;
        }

        // Proxies and load balancers drop connections that stay silent.
        await stream.CommentAsync("keep-alive", ct);
        return now;
    }

    /// <summary>
    /// A run stream's position, "revision-logSequence", checked before the stream opens: once it
    /// has, a failure can only abort it.
    /// </summary>
    private static string? RunPosition(HttpContext context)
    {
        var id = LastEventId(context);
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        var parts = id.Split('-');
        return parts.Length == 2 && parts.All(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? id
            : throw ApiException.BadRequest("Last-Event-ID", "must be an event id of this stream: <revision>-<log sequence>, two whole numbers");
    }

    /// <summary>
    /// The runs stream's position: the ticks of a change time (ids are written that way). Times
    /// before 1970 or past the calendar are refused here: they once aborted the stream (0 and 1,
    /// read a window back) or failed it (a number past DateTimeOffset.MaxValue).
    /// </summary>
    private static DateTimeOffset? ListPosition(HttpContext context)
    {
        var id = LastEventId(context);
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks >= DateTimeOffset.UnixEpoch.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks - Overlap.Ticks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw ApiException.BadRequest("Last-Event-ID", "must be an event id of this stream (the ticks of a change time since 1970)");
    }

    private static string? LastEventId(HttpContext context) =>
        context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header ? header : context.Request.Query["lastEventId"].ToString();

    private sealed class EventWriter(HttpResponse response)
    {
        public async Task OpenAsync(CancellationToken ct)
        {
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            await response.Body.FlushAsync(ct);
        }

        /// <summary>An event without an id leaves the client's Last-Event-ID where the stored events put it.</summary>
        public async Task WriteAsync(string? id, string type, JsonObject data, CancellationToken ct)
        {
            var idLine = id is null ? "" : $"id: {id}\n";
            await response.WriteAsync($"{idLine}event: {type}\ndata: {data.ToJsonString()}\n\n", ct);
            await response.Body.FlushAsync(ct);
        }

        public async Task CommentAsync(string text, CancellationToken ct)
        {
            await response.WriteAsync($": {text}\n\n", ct);
            await response.Body.FlushAsync(ct);
        }
    }
}
