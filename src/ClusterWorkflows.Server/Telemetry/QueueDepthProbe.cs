using ClusterWorkflows.Server.Engine;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Server.Telemetry;

/// <summary>Reads how many runs wait for a worker every few seconds, for the queue depth gauge.</summary>
public sealed class QueueDepthProbe(EngineHost host, RunTelemetry telemetry, ILogger<QueueDepthProbe> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    private const int Cap = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pending = await host.Services.Store.ListRunsAsync(new RunQuery { Status = RunStatus.Pending, Limit = Cap }, stoppingToken);
                telemetry.QueueDepth = pending.Count;
                await Task.Delay(Every, host.Services.Time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("reading the queue depth failed: {Message}", ex.Message);
                await Task.Delay(Every, host.Services.Time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
