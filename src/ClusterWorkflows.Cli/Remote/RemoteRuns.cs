using System.Text.Json.Nodes;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Runtime.Execution;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>Runs on a server: /api/runs, its alterations and its event stream.</summary>
public sealed class RemoteRuns(ApiClient api, IRunObserver observer) : IRunBackend
{
    /// <summary>The largest page the server gives of runs, and of logs.</summary>
    private const int RunPage = 500;
    private const int LogPage = 5000;

    /// <summary>Where following a run starts: a new run from its beginning, an altered one from just before the alteration.</summary>
    private readonly Dictionary<Guid, FollowStart> followFrom = [];

    public async Task<IReadOnlyList<RunRecord>> ListAsync(RunQuery query, CancellationToken cancellationToken)
    {
        var runs = new List<RunRecord>();
        for (var offset = query.Offset; runs.Count < query.Limit;)
        {
            var limit = Math.Min(RunPage, query.Limit - runs.Count);
            var page = await api.GetAsync(ApiPath.Of("api/runs", ("limit", limit), ("offset", offset), ("status", query.Status), ("workflow", query.DefinitionId), ("triggeredBy", query.TriggeredBy), ("active", query.ActiveOnly ? true : null)), cancellationToken);
            var items = ViewReader.Items(page?["items"]).Select(ViewReader.Run).ToList();
            runs.AddRange(items);
            if (items.Count < limit)
            {
                break;
            }

            offset += limit;
        }

        return runs;
    }

    public async Task<RunDetails?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            // The journal comes in pages: the run from the first, its records from every page.
            var view = await api.GetAsync($"api/runs/{id}", cancellationToken) ?? throw ViewReader.Malformed("run");
            var steps = ViewReader.Items(view["steps"]).Select(s => ViewReader.Step(id, s)).ToList();
            var next = view["stepsNext"]?.GetValue<int>();
            while (next is { } offset)
            {
                var page = await api.GetAsync(ApiPath.Of($"api/runs/{id}", ("stepsOffset", offset)), cancellationToken) ?? throw ViewReader.Malformed("run");
                steps.AddRange(ViewReader.Items(page["steps"]).Select(s => ViewReader.Step(id, s)));
                var following = page["stepsNext"]?.GetValue<int>();
                next = following > offset ? following : null;
            }

            return new RunDetails(ViewReader.Run(view), steps);
        }
        catch (RemoteException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<LogLine>> LogsAsync(Guid id, string? step, long after, int limit, CancellationToken cancellationToken)
    {
        var page = await api.GetAsync(ApiPath.Of($"api/runs/{id}/logs", ("after", after), ("limit", Math.Min(limit, LogPage)), ("step", step)), cancellationToken);
        return [.. ViewReader.Items(page?["items"]).Select(l => ViewReader.Log(id, l))];
    }

    /// <summary>The server records the token's name as the actor: <see cref="StartRunRequest.Actor"/> is not sent.</summary>
    public async Task<RunRecord> StartAsync(StartRunRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["workflow"] = request.DefinitionId,
            ["version"] = request.Version,
            ["inputs"] = request.Inputs.DeepClone(),
            ["checkMode"] = request.CheckMode,
            ["inventory"] = request.Inventory,
        };
        var run = ViewReader.Run(await api.SendAsync(HttpMethod.Post, "api/runs", body, Roles.Operator, cancellationToken) ?? throw ViewReader.Malformed("run"));
        followFrom[run.Id] = FollowStart.Beginning;
        return run;
    }

    public async Task<RunRecord> AlterAsync(Alteration alteration, CancellationToken cancellationToken)
    {
        if (alteration.As is not null)
        {
            throw new UsageException("--as does not apply with a server: it records the name of the token as who decided");
        }

        var body = new JsonObject();
        if (alteration.Step is not null)
        {
            body["step"] = alteration.Step;
        }

        if (alteration.Values is not null)
        {
            body[alteration.Verb == "skip" ? "outputs" : "inputs"] = alteration.Values.DeepClone();
        }

        if (alteration.Reason is not null)
        {
            body["reason"] = alteration.Reason;
        }

        var id = alteration.RunId;
        var before = await PositionAsync(id, cancellationToken);
        var view = await api.SendAsync(HttpMethod.Post, $"api/runs/{id}/{alteration.Verb}", body, Roles.Operator, cancellationToken);
        followFrom[id] = before;
        return ViewReader.Run(view ?? throw ViewReader.Malformed("run"));
    }

    public Task<RunRecord> SettleAsync(Guid id, CancellationToken cancellationToken) =>
        new RunEventFollower(api, this, observer).FollowAsync(id, followFrom.GetValueOrDefault(id) ?? FollowStart.Beginning, cancellationToken);

    /// <summary>How far the run's events go now: its journal (and newest revision) and its last log line.</summary>
    private async Task<FollowStart> PositionAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await GetAsync(id, cancellationToken) ?? throw new UsageException($"run {id} does not exist");
        long log = 0;
        await foreach (var line in LogsAfterAsync(id, 0, cancellationToken))
        {
            log = line.Sequence;
        }

        return new FollowStart(new EventPosition(details.Journal.Select(r => r.Revision).DefaultIfEmpty().Max(), log), details.Journal);
    }

    /// <summary>Every log line of the run after <paramref name="after"/>, page by page.</summary>
    public async IAsyncEnumerable<LogLine> LogsAfterAsync(Guid id, long after, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await LogsAsync(id, null, after, LogPage, cancellationToken);
            foreach (var line in page)
            {
                after = line.Sequence;
                yield return line;
            }

            if (page.Count < LogPage)
            {
                yield break;
            }
        }
    }
}
