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
/// (<c>Last-Event-ID</c>) is a position to resume from after a reconnect without loss.
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
        var store = host.Services.Store;
        var changes = host.Store;
        var run = await store.GetRunAsync(id, ct) ?? throw ApiException.NotFound($"There is no run {id}.");
        var (revision, logSequence) = ParsePosition(LastEventId(context));
        var stream = new EventWriter(context.Response);
        await stream.OpenAsync(ct);
        DateTimeOffset? sentUpdate = null;
        var quietSince = DateTimeOffset.UtcNow;
        while (!ct.IsCancellationRequested)
        {
            var wrote = false;
            IReadOnlyList<JournalRecord> steps;
            do
            {
                steps = await changes.GetJournalChangesAsync(id, revision, Batch, ct);
                foreach (var step in steps)
                {
                    revision = Math.Max(revision, step.Revision);
                    await stream.WriteAsync(Position(revision, logSequence), "step", Views.Step(step), ct);
                    wrote = true;
                }
            }
            while (steps.Count == Batch);

            IReadOnlyList<LogLine> lines;
            do
            {
                lines = await store.GetLogsAsync(id, null, logSequence, Batch, ct);
                foreach (var line in lines)
                {
                    logSequence = line.Sequence;
                    await stream.WriteAsync(Position(revision, logSequence), "log", Views.Log(line), ct);
                    wrote = true;
                }
            }
            while (lines.Count == Batch);

            run = await store.GetRunAsync(id, ct) ?? run;
            if (sentUpdate != run.UpdatedAt)
            {
                sentUpdate = run.UpdatedAt;
                await stream.WriteAsync(Position(revision, logSequence), "run", Views.Run(run), ct);
                wrote = true;
            }

            if (run.Status is RunStatus.Completed or RunStatus.Cancelled)
            {
                await stream.WriteAsync(Position(revision, logSequence), "end", new JsonObject { ["status"] = Views.Name(run.Status) }, ct);
                return;
            }

            quietSince = await KeepAliveAsync(stream, wrote, quietSince, ct);
            await hub.WaitAsync(id, Poll, ct);
        }
    }

    private static async Task ListStreamAsync(HttpContext context, EngineHost host, RunEventHub hub)
    {
        var ct = context.RequestAborted;
        var since = long.TryParse(LastEventId(context), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : host.Services.Time.GetUtcNow();
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

    private static string? LastEventId(HttpContext context) =>
        context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header ? header : context.Request.Query["lastEventId"].ToString();

    /// <summary>"revision-logSequence": where a run's stream stands.</summary>
    private static string Position(long revision, long logSequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{revision}-{logSequence}");

    private static (long Revision, long LogSequence) ParsePosition(string? id)
    {
        var parts = (id ?? "").Split('-');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? (revision, sequence)
            : (0, 0);
    }

    private sealed class EventWriter(HttpResponse response)
    {
        public async Task OpenAsync(CancellationToken ct)
        {
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            await response.Body.FlushAsync(ct);
        }

        public async Task WriteAsync(string id, string type, JsonObject data, CancellationToken ct)
        {
            await response.WriteAsync($"id: {id}\nevent: {type}\ndata: {data.ToJsonString()}\n\n", ct);
            await response.Body.FlushAsync(ct);
        }

        public async Task CommentAsync(string text, CancellationToken ct)
        {
            await response.WriteAsync($": {text}\n\n", ct);
            await response.Body.FlushAsync(ct);
        }
    }
}
