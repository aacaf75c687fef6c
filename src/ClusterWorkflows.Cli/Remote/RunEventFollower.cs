using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>
/// Follows a run on the server through its Server-Sent Events (<c>step</c>, <c>log</c>, <c>progress</c>,
/// <c>run</c>, <c>end</c>), handing steps, log lines and progress to the observer the way the engine does in embedded
/// mode, until the run settles as it would in embedded mode. A dropped stream is resumed from the
/// last event id, so nothing is lost or shown twice.
/// </summary>
public sealed class RunEventFollower(ApiClient api, RemoteRuns runs, IRunObserver observer)
{
    /// <summary>Streams that end without a new event before giving up: the server is going away.</summary>
    private const int MaxReconnects = 5;

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>The status last shown of each step attempt: a record rewritten in the same status (an approval's bookmark) is not shown again.</summary>
    private readonly Dictionary<(string Path, int Attempt), StepStatus> shown = [];

    public async Task<RunRecord> FollowAsync(Guid id, FollowStart from, CancellationToken cancellationToken)
    {
        foreach (var record in from.Journal)
        {
            shown[(record.StepPath, record.Attempt)] = record.Status;
        }

        try
        {
            return await FollowCoreAsync(id, from.Position, cancellationToken);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or RemoteException)
        {
            throw new RemoteException($"interrupted; the run goes on on the server (see it with 'cw show {id}')", ExitCodes.Interrupted);
        }
    }

    private async Task<RunRecord> FollowCoreAsync(Guid id, EventPosition position, CancellationToken cancellationToken)
    {
        for (var quietStreams = 0; ; quietStreams++)
        {
            Exception? lost = null;
            try
            {
                using var response = await api.OpenEventsAsync($"api/runs/{id}/events", position.ToString(), cancellationToken);
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
                {
                    quietStreams = 0;
                    var data = Parse(item.Data, item.EventType);
                    switch (item.EventType)
                    {
                        case "step":
                            var step = ViewReader.Step(id, data);
                            position = position with { Revision = Math.Max(position.Revision, step.Revision) };
                            Show(id, step);
                            break;
                        case "log":
                            var line = ViewReader.Log(id, data);
                            position = position with { LogSequence = line.Sequence };
                            observer.Log(id, line);
                            break;
                        case "progress":
                            // No id: progress is not stored, so it moves no position (a reconnect gets the current one again).
                            observer.Progress(id, ViewReader.Progress(data));
                            break;
                        case "run":
                            if (await SettledAsync(ViewReader.Run(data), cancellationToken))
                            {
                                return await DrainAsync(id, position, cancellationToken);
                            }

                            break;
                        case "end":
                            return await DrainAsync(id, position, cancellationToken);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                lost = ex;
            }

            if (quietStreams >= MaxReconnects)
            {
                throw lost is null ? new RemoteException($"the server at {api.Server} keeps closing the run's event stream", ExitCodes.Usage) : api.Lost(lost);
            }

            await Task.Delay(ReconnectDelay * (quietStreams + 1), cancellationToken);
        }
    }

    /// <summary>
    /// Settled as the embedded engine settles a run: completed, faulted, cancelled, or waiting for a
    /// person. A run waiting on a timer is followed on (the server wakes it), unless an approval waits too.
    /// </summary>
    private async Task<bool> SettledAsync(RunRecord run, CancellationToken cancellationToken) => run.Status switch
    {
        RunStatus.Completed or RunStatus.Faulted or RunStatus.Cancelled => true,
        RunStatus.Waiting when run.WakeAt is null => true,
        RunStatus.Waiting => (await runs.GetAsync(run.Id, cancellationToken))?.Journal is { } journal && Incidents.Waiting(journal).Any(Incidents.IsApproval),
        _ => false,
    };

    /// <summary>
    /// The stream reads steps and logs before the run's status: what changed between those reads is
    /// shown from the settled run's journal and logs, so the last steps are never missing.
    /// </summary>
    private async Task<RunRecord> DrainAsync(Guid id, EventPosition position, CancellationToken cancellationToken)
    {
        var details = await runs.GetAsync(id, cancellationToken) ?? throw new UsageException($"run {id} does not exist");
        foreach (var step in details.Journal.Where(r => r.Revision > position.Revision).OrderBy(r => r.Revision))
        {
            Show(id, step);
        }

        await foreach (var line in runs.LogsAfterAsync(id, position.LogSequence, cancellationToken))
        {
            observer.Log(id, line);
        }

        return details.Run;
    }

    private void Show(Guid id, JournalRecord step)
    {
        if (shown.TryGetValue((step.StepPath, step.Attempt), out var status) && status == step.Status)
        {
            return;
        }

        shown[(step.StepPath, step.Attempt)] = step.Status;
        observer.StepChanged(id, step);
    }

    private static JsonNode Parse(string data, string type)
    {
        try
        {
            return JsonNode.Parse(data) ?? throw ViewReader.Malformed(type);
        }
        catch (JsonException)
        {
            throw ViewReader.Malformed(type);
        }
    }
}
