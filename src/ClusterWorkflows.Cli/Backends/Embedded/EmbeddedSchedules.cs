using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Runtime.Scheduling;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Backends.Embedded;

public sealed class EmbeddedSchedules(EngineServices services) : IScheduleBackend
{
    /// <summary>Audit source of pauses and resumes made from the command line.</summary>
    private const string Source = "cli";

    private Scheduler Scheduler => new(services, new WorkflowEngine(services), Source);

    public Task<IReadOnlyList<(ScheduleRecord Schedule, IReadOnlyList<DateTimeOffset> Next)>> UpcomingAsync(int count, CancellationToken cancellationToken) =>
        Scheduler.UpcomingAsync(count, cancellationToken);

    public Task<bool> SetPausedAsync(string id, bool paused, string? reason, CancellationToken cancellationToken) =>
        paused
            ? Scheduler.PauseAsync(id, GlobalOptions.Actor(null), reason, cancellationToken)
            : Scheduler.ResumeAsync(id, GlobalOptions.Actor(null), reason, cancellationToken);
}
