using ClusterWorkflows.Activities.Docker.Connection;
using ClusterWorkflows.Sdk;
using Docker.DotNet.Models;

namespace ClusterWorkflows.Activities.Docker.Services;

/// <summary>Reads a service's spec and task state, for health gates and decisions in runbooks. Reading changes nothing.</summary>
[Activity("docker.inspectService", 1, Category = ActivityCategories.Docker,
    Description = "Reads a swarm service: image, mode, desired and running tasks, spec version, rolling-update state, labels, constraints and the latest task errors.")]
public sealed class InspectService(DockerClients clients) : IActivity<InspectServiceInput, InspectServiceOutput>
{
    public async Task<ActivityResult<InspectServiceOutput>> ExecuteAsync(InspectServiceInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DockerClients.Validate(input.Connection);
        var output = await clients.UseAsync(input.Connection, context, async docker =>
        {
            var service = await EnsureService.FindAsync(docker, input.Name, cancellationToken);
            if (service is null)
            {
                return input.AllowMissing || context.CheckMode
                    ? Missing()
                    : throw new NonRetryableActivityException("docker.service-unknown", $"name: there is no service '{input.Name}'");
            }

            var tasks = await docker.Tasks.ListAsync(new TasksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [service.ID] = true } },
            }, cancellationToken);
            var nodes = await docker.Swarm.ListNodesAsync(cancellationToken);
            var count = TaskCount.Of(service, tasks, nodes);
            return new InspectServiceOutput
            {
                Exists = true,
                Id = service.ID,
                Image = service.Spec.TaskTemplate?.ContainerSpec?.Image ?? "",
                Mode = service.Spec.Mode?.Global is not null ? "global" : "replicated",
                Desired = count.Desired,
                Running = count.Running,
                Version = (long)(service.Version?.Index ?? 0),
                UpdateState = service.UpdateStatus?.State ?? "",
                Labels = new Dictionary<string, string>(service.Spec.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                Constraints = [.. service.Spec.TaskTemplate?.Placement?.Constraints ?? []],
                Errors = [.. count.Errors],
            };
        }, cancellationToken);

        context.Log.Info(output.Exists
            ? $"service '{input.Name}' ({output.Id}): {output.Image}, {output.Running}/{output.Desired} tasks running, spec version {output.Version}{(output.UpdateState.Length > 0 ? ", update " + output.UpdateState : "")}"
            : $"there is no service '{input.Name}'");
        return ActivityResult.Unchanged(output);
    }

    private static InspectServiceOutput Missing() => new()
    {
        Exists = false,
        Id = "",
        Image = "",
        Mode = "",
        Desired = 0,
        Running = 0,
        Version = 0,
        UpdateState = "",
        Labels = [],
        Constraints = [],
        Errors = [],
    };
}
