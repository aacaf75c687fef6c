using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Sdk;
using Docker.DotNet.Models;

namespace ClusterWorkflows.Activities.Docker.Services;

/// <summary>Polls until every wanted task of a service runs. Waiting changes nothing: always unchanged.</summary>
[Activity("docker.waitForService", 1, Category = ActivityCategories.Docker, InputErrorCode = "docker.bad-input",
    Description = "Waits until a swarm service runs all its tasks (replicas, or one per eligible node when global); times out with the last task errors.")]
public sealed class WaitForService(DockerClients clients) : IActivity<WaitForServiceInput, WaitForServiceOutput>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public async Task<ActivityResult<WaitForServiceOutput>> ExecuteAsync(WaitForServiceInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DockerClients.Validate(input.Connection);
        var deadline = context.Time.GetUtcNow() + input.Timeout;
        context.Log.Info($"waiting up to {Duration.Format(input.Timeout)} for service '{input.Name}' to run all its tasks");
        TaskCount? last = null;
        while (true)
        {
            var count = await clients.UseAsync<TaskCount?>(input.Connection, context, async docker =>
            {
                var service = await EnsureService.FindAsync(docker, input.Name, cancellationToken);
                if (service is null)
                {
                    // In check mode the step that would create it did not run.
                    return context.CheckMode ? null : throw new NonRetryableActivityException("docker.service-unknown", $"name: there is no service '{input.Name}'");
                }

                var tasks = await docker.Tasks.ListAsync(new TasksListParameters
                {
                    Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [service.ID] = true } },
                }, cancellationToken);
                var nodes = await docker.Swarm.ListNodesAsync(cancellationToken);
                return TaskCount.Of(service, tasks, nodes);
            }, cancellationToken);

            if (count is null)
            {
                context.Log.Info($"check mode: service '{input.Name}' does not exist yet; would wait for it");
                return ActivityResult.Unchanged(new WaitForServiceOutput { Running = 0, Desired = 0 });
            }

            if (count.Done)
            {
                context.Log.Info($"service '{input.Name}': {count.Running}/{count.Desired} tasks running");
                return ActivityResult.Unchanged(new WaitForServiceOutput { Running = count.Running, Desired = count.Desired });
            }

            if (last is null || last.Running != count.Running || last.Desired != count.Desired)
            {
                context.Log.Info($"service '{input.Name}': {count.Running}/{count.Desired} tasks running");
            }

            last = count;
            if (context.Time.GetUtcNow() + Interval > deadline)
            {
                var errors = count.Errors.Count > 0 ? $"; last task errors: {string.Join("; ", count.Errors)}" : "; no task reported an error";
                throw new ActivityException("docker.service-not-ready",
                    $"service '{input.Name}' runs {count.Running}/{count.Desired} tasks after {Duration.Format(input.Timeout)}{errors}");
            }

            await Task.Delay(Interval, context.Time, cancellationToken);
        }
    }
}
