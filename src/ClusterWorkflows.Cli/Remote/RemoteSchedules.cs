using System.Text.Json.Nodes;
using ClusterWorkflows.Cli.Backends;
using ClusterWorkflows.Hosting.Tokens;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Cli.Remote;

/// <summary>Schedules on a server; pausing and resuming need the admin role.</summary>
public sealed class RemoteSchedules(ApiClient api) : IScheduleBackend
{
    public async Task<IReadOnlyList<(ScheduleRecord Schedule, IReadOnlyList<DateTimeOffset> Next)>> UpcomingAsync(int count, CancellationToken cancellationToken) =>
        [.. ViewReader.Items(await api.GetAsync(ApiPath.Of("api/schedules", ("next", count)), cancellationToken)).Select(ViewReader.Schedule)];

    public async Task<bool> SetPausedAsync(string id, bool paused, string? reason, CancellationToken cancellationToken)
    {
        // Schedule ids are workflow/trigger: each part escaped, the slash kept (the route takes the rest of the path).
        var path = string.Join('/', id.Split('/').Select(ApiPath.Segment));
        try
        {
            await api.SendAsync(HttpMethod.Post, $"api/schedules/{path}/{(paused ? "pause" : "resume")}", new JsonObject { ["reason"] = reason }, Roles.Admin, cancellationToken);
            return true;
        }
        catch (RemoteException ex) when (ex.Status == 404)
        {
            return false;
        }
    }
}
