using ClusterWorkflows.Runtime.Retention;
using ClusterWorkflows.Runtime.Scheduling;

namespace ClusterWorkflows.Runtime.Hosting;

/// <summary>
/// The background duties of a worker besides executing runs: keep schedules in step with the
/// newest saved definitions, fire due schedules (exactly once across nodes: the store decides),
/// and prune old runs. A failure is reported and retried on the next tick, never fatal.
/// </summary>
public sealed class MaintenanceLoop(EngineServices services, Scheduler scheduler, Action<string> report)
{
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan SyncEvery { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan PruneEvery { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Completed and cancelled runs older than this are deleted; null keeps everything.</summary>
    public TimeSpan? Keep { get; init; } = RunRetention.DefaultKeep;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lastSync = DateTimeOffset.MinValue;
        var lastPrune = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = services.Time.GetUtcNow();
            try
            {
                if (now - lastSync >= SyncEvery)
                {
                    await SyncAllAsync(services, scheduler, cancellationToken);
                    lastSync = now;
                }

                await scheduler.TickAsync(cancellationToken);
                if (Keep is { } keep && now - lastPrune >= PruneEvery)
                {
                    var pruned = await new RunRetention(services).PruneAsync(keep, RunRetention.DefaultBatchSize, cancellationToken);
                    if (pruned > 0)
                    {
                        report($"retention: pruned {pruned} run(s) older than {Sdk.Duration.Format(keep)}");
                    }

                    lastPrune = now;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                report($"maintenance: {ex.GetType().Name}: {ex.Message}");
            }

            try
            {
                await Task.Delay(Tick, services.Time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Brings the schedules of the newest version of every saved definition up to date.</summary>
    public static async Task SyncAllAsync(EngineServices services, Scheduler scheduler, CancellationToken cancellationToken)
    {
        foreach (var record in await services.Store.ListDefinitionsAsync(cancellationToken))
        {
            if (await services.Definitions.GetAsync(record.Id, record.Version, cancellationToken) is { } definition)
            {
                await scheduler.SyncAsync(definition, cancellationToken);
            }
        }
    }
}
