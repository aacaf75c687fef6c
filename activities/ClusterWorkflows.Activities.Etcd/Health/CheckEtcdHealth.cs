using ClusterWorkflows.Activities.Etcd.Connection;
using ClusterWorkflows.Sdk;
using Etcdserverpb;
using Grpc.Core;

namespace ClusterWorkflows.Activities.Etcd.Health;

/// <summary>Read-only: asks every endpoint for its status and fails unless each one knows a leader.</summary>
[Activity("etcd.checkHealth", 1, Category = ActivityCategories.Etcd, InputErrorCode = "etcd.bad-input",
    Description = "Checks over TLS (client certificate) that every etcd endpoint answers and knows a leader.")]
public sealed class CheckEtcdHealth : IActivity<CheckEtcdHealthInput, CheckEtcdHealthOutput>
{
    public async Task<ActivityResult<CheckEtcdHealthOutput>> ExecuteAsync(CheckEtcdHealthInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var credentials = await EtcdCredentials.LoadAsync(input, context, cancellationToken);
        var statuses = new List<EtcdEndpointStatus>();
        var unhealthy = new List<string>();
        foreach (var uri in credentials.Endpoints)
        {
            var endpoint = EtcdCalls.Name(uri);
            var (status, problem) = await AskAsync(credentials, uri, cancellationToken);
            if (status is not null)
            {
                statuses.Add(status);
                context.Log.Info($"{endpoint}: healthy, member {status.MemberId}, leader {status.LeaderId}, raft index {status.RaftIndex}");
            }
            else
            {
                unhealthy.Add($"{endpoint} ({problem})");
                context.Log.Warning($"{endpoint}: unhealthy ({problem})");
            }
        }

        if (unhealthy.Count > 0)
        {
            throw new ActivityException("etcd.unhealthy", $"{unhealthy.Count} of {credentials.Endpoints.Length} etcd endpoint(s) unhealthy: {string.Join("; ", unhealthy)}");
        }

        var leaders = statuses.Select(s => s.LeaderId).Distinct(StringComparer.Ordinal).ToArray();
        if (leaders.Length > 1)
        {
            // Members of one cluster that disagree on the leader are mid-election (or not one cluster).
            throw new ActivityException("etcd.unhealthy", $"the endpoints report different leaders: {string.Join(", ", statuses.Select(s => $"{s.Endpoint} → {s.LeaderId}"))}");
        }

        return ActivityResult.Unchanged(new CheckEtcdHealthOutput
        {
            HealthyEndpoints = statuses.Count,
            LeaderId = leaders[0],
            Endpoints = [.. statuses],
        });
    }

    private static async Task<(EtcdEndpointStatus? Status, string? Problem)> AskAsync(EtcdCredentials credentials, Uri endpoint, CancellationToken cancellationToken)
    {
        using var channel = EtcdChannel.Open(endpoint, credentials.Ca, credentials.Client);
        var client = new Maintenance.MaintenanceClient(channel);
        try
        {
            var response = await client.StatusAsync(new StatusRequest(), deadline: EtcdCalls.Deadline(), cancellationToken: cancellationToken);
            if (response.Leader == 0)
            {
                return (null, "no leader");
            }

            if (response.Errors.Count > 0)
            {
                return (null, string.Join(", ", response.Errors));
            }

            return (new EtcdEndpointStatus
            {
                Endpoint = EtcdCalls.Name(endpoint),
                MemberId = EtcdCalls.Id(response.Header.MemberId),
                LeaderId = EtcdCalls.Id(response.Leader),
                RaftIndex = response.RaftIndex,
                RaftTerm = response.RaftTerm,
                Version = response.Version,
                DbSize = response.DbSize,
            }, null);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, EtcdCalls.Describe(ex));
        }
        catch (RpcException ex)
        {
            throw new OperationCanceledException("cancelled", ex, cancellationToken);
        }
    }
}
