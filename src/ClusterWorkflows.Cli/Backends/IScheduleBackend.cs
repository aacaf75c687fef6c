using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Backends;

/// <summary>The cron schedules of saved runbooks.</summary>
public interface IScheduleBackend
{
    Task<IReadOnlyList<(ScheduleRecord Schedule, IReadOnlyList<DateTimeOffset> Next)>> UpcomingAsync(int count, CancellationToken cancellationToken);

    /// <summary>False when there is no such schedule.</summary>
    Task<bool> SetPausedAsync(string id, bool paused, string? reason, CancellationToken cancellationToken);
}
