using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Models.LifeCycleEvents;

namespace ClusterWorkflows.Benchmarks;

/// <summary>
/// The peer: WorkflowCore 3.22 in its default in-memory mode (nothing durable), running the same
/// 100-step no-op workflow for the same number of concurrent instances.
/// </summary>
public static class WorkflowCoreBench
{
    public const int Steps = 100;

    public static async Task<(double StepsPerSecond, TimeSpan Wall)> MeasureAsync(int instances)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorkflow(options => options.UsePollInterval(TimeSpan.FromMilliseconds(100)));
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetRequiredService<IWorkflowHost>();
        host.RegisterWorkflow<NoOpWorkflow>();
        var completed = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.OnLifeCycleEvent += evt =>
        {
            if (evt is WorkflowCompleted && Interlocked.Increment(ref completed) == instances)
            {
                all.TrySetResult();
            }
        };
        await host.StartAsync(CancellationToken.None);
        try
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < instances; i++)
            {
                await host.StartWorkflow("noop", 1, null);
            }

            await all.Task.WaitAsync(TimeSpan.FromMinutes(10));
            watch.Stop();
            return (instances * Steps / watch.Elapsed.TotalSeconds, watch.Elapsed);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    public sealed class NoOpStep : StepBody
    {
        public override ExecutionResult Run(IStepExecutionContext context) => ExecutionResult.Next();
    }

    public sealed class NoOpWorkflow : IWorkflow
    {
        public string Id => "noop";

        public int Version => 1;

        public void Build(IWorkflowBuilder<object> builder)
        {
            var step = builder.StartWith<NoOpStep>();
            for (var i = 1; i < Steps; i++)
            {
                step = step.Then<NoOpStep>();
            }
        }
    }
}
