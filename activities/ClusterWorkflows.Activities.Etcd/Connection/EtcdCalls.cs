using ClusterWorkflows.Sdk;
using Grpc.Core;

namespace ClusterWorkflows.Activities.Etcd.Connection;

/// <summary>Runs a call against the endpoints in order and turns gRPC failures into activity errors.</summary>
internal static class EtcdCalls
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Any member answers cluster-wide questions, so the first endpoint that works is enough.</summary>
    public static async Task<T> FirstAvailableAsync<T>(
        EtcdCredentials credentials, ActivityContext context, Func<CallInvoker, Uri, Task<T>> call, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var endpoint in credentials.Endpoints)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var channel = EtcdChannel.Open(endpoint, credentials.Ca, credentials.Client);
            try
            {
                return await call(channel.CreateCallInvoker(), endpoint);
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested && !Transient(ex))
            {
                // The member answered and said no: another member would say the same.
                throw new ActivityException($"etcd.{ex.StatusCode.ToString().ToLowerInvariant()}", $"{Name(endpoint)}: {Describe(ex)}");
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                var reason = Describe(ex);
                context.Log.Warning($"{Name(endpoint)}: {reason}; trying the next endpoint");
                failures.Add($"{Name(endpoint)} ({reason})");
            }
            catch (RpcException ex)
            {
                throw new OperationCanceledException("cancelled", ex, cancellationToken);
            }
        }

        throw new ActivityException("etcd.unavailable", $"no etcd endpoint answered: {string.Join("; ", failures)}");
    }

    private static bool Transient(RpcException ex) =>
        ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted;

    /// <summary>Status code and server detail: neither carries key material.</summary>
    public static string Describe(RpcException ex) =>
        string.IsNullOrWhiteSpace(ex.Status.Detail) ? ex.StatusCode.ToString() : $"{ex.StatusCode}: {ex.Status.Detail}";

    // gRPC deadlines are wall-clock by nature, so they do not come from the run's (possibly fake) TimeProvider.
    public static DateTime Deadline() => DateTime.UtcNow + CallTimeout;

    /// <summary>The endpoint as written (Uri.ToString would add a trailing slash).</summary>
    public static string Name(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Authority);

    public static string Id(ulong id) => id.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
