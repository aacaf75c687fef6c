using ClusterWorkflows.Runtime.Hosting;
using ClusterWorkflows.Runtime.Scheduling;
using ClusterWorkflows.Server.Settings;

namespace ClusterWorkflows.Server.Engine;

/// <summary>
/// This node's share of the work: executes runs (new, interrupted, due timers) with the configured
/// parallelism, fires cron schedules exactly once across nodes, prunes old runs and forgets old
/// webhook deliveries. Stopping hands running runs back at once, so another node resumes them.
/// </summary>
public sealed class EngineWorker(EngineHost host, ServerOptions options, ILogger<EngineWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var services = host.Services;
        var loops = new List<Task>();
        if (options.Workers > 0)
        {
            loops.Add(host.Engine.WorkAsync(options.Workers, PollInterval, stoppingToken));
        }

        if (options.Schedules)
        {
            var scheduler = new Scheduler(services, host.Engine, services.Options.WorkerId);
            var maintenance = new MaintenanceLoop(services, scheduler, line => logger.LogInformation("{Maintenance}", line)) { Keep = options.Keep };
            loops.Add(maintenance.RunAsync(stoppingToken));
            loops.Add(ForgetDeliveriesAsync(stoppingToken));
        }

        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Delivery records only need to outlive the signature's validity window.</summary>
    private async Task ForgetDeliveriesAsync(CancellationToken stoppingToken)
    {
        var time = host.Services.Time;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await host.Store.PruneDeliveriesAsync(time.GetUtcNow() - options.HookMaxSkew * 2, stoppingToken);
                await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("forgetting old webhook deliveries failed: {Error}", ex.Message);
                await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
