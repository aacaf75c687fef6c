using ClusterWorkflows.Runtime.Alterations;
using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Backends.Embedded;

public sealed class EmbeddedRuns(EngineServices services) : IRunBackend
{
    private readonly WorkflowEngine engine = new(services);

    public Task<IReadOnlyList<RunRecord>> ListAsync(RunQuery query, CancellationToken cancellationToken) =>
        services.Store.ListRunsAsync(query, cancellationToken);

    public async Task<RunDetails?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await services.Store.GetRunAsync(id, cancellationToken) is { } run
            ? new RunDetails(run, await services.Store.GetJournalAsync(id, cancellationToken))
            : null;

    public Task<IReadOnlyList<LogLine>> LogsAsync(Guid id, string? step, long after, int limit, CancellationToken cancellationToken) =>
        services.Store.GetLogsAsync(id, step, after, limit, cancellationToken);

    public Task<RunRecord> StartAsync(StartRunRequest request, CancellationToken cancellationToken) =>
        engine.StartRunAsync(request, cancellationToken);

    public Task<RunRecord> AlterAsync(Alteration alteration, CancellationToken cancellationToken)
    {
        var alter = new RunAlterations(services);
        var (id, step) = (alteration.RunId, alteration.Step);
        var actor = new Actor(GlobalOptions.Actor(alteration.As), alteration.Reason, "cli");
        return alteration.Verb switch
        {
            "retry" => alter.RetryAsync(id, step, alteration.Values, actor, cancellationToken),
            "skip" => alter.SkipAsync(id, step!, alteration.Values, actor, cancellationToken),
            "resume-from" => alter.ResumeFromAsync(id, step!, actor, cancellationToken),
            "cancel" => alter.CancelAsync(id, actor, cancellationToken),
            "approve" or "reject" => alter.DecideAsync(id, step, alteration.Verb == "approve", actor, cancellationToken),
            _ => throw new ArgumentException($"unknown alteration '{alteration.Verb}'"),
        };
    }

    public Task<RunRecord> SettleAsync(Guid id, CancellationToken cancellationToken) =>
        engine.RunToSettledAsync(id, cancellationToken);
}
