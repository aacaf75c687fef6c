using System.Security.Cryptography;
using ClusterWorkflows.Activities.Etcd.Connection;
using ClusterWorkflows.Sdk;
using Etcdserverpb;
using Grpc.Core;

namespace ClusterWorkflows.Activities.Etcd.Snapshots;

/// <summary>Streams a snapshot of the keyspace into a local file, never leaving a partial file at the path.</summary>
[Activity("etcd.snapshot", 1, Category = ActivityCategories.Etcd, InputErrorCode = "etcd.bad-input",
    Description = "Streams an etcd snapshot over TLS into a local file (written atomically) and reports its size and SHA-256.")]
public sealed class SaveEtcdSnapshot : IActivity<SaveEtcdSnapshotInput, SaveEtcdSnapshotOutput>
{
    public async Task<ActivityResult<SaveEtcdSnapshotOutput>> ExecuteAsync(SaveEtcdSnapshotInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!System.IO.Path.IsPathFullyQualified(input.Path) || System.IO.Path.EndsInDirectorySeparator(input.Path))
        {
            throw new NonRetryableActivityException("etcd.bad-input", $"path: '{input.Path}' is not an absolute file path");
        }

        using var credentials = await EtcdCredentials.LoadAsync(input, context, cancellationToken);
        if (context.CheckMode)
        {
            // A snapshot is new data every time: there is nothing to compare, so it would always change.
            context.Log.Info($"check mode: would save a snapshot to {input.Path}");
            return ActivityResult.Changed(new SaveEtcdSnapshotOutput { Path = input.Path, Bytes = 0, Sha256 = "", Endpoint = "" });
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(input.Path)!);
        var output = await EtcdCalls.FirstAvailableAsync(credentials, context,
            (invoker, endpoint) => DownloadAsync(invoker, endpoint, input, context, cancellationToken), cancellationToken);
        context.Log.Info($"saved a {output.Bytes}-byte snapshot from {output.Endpoint} to {output.Path} (sha256 {output.Sha256})");
        return ActivityResult.Changed(output);
    }

    private static async Task<SaveEtcdSnapshotOutput> DownloadAsync(
        CallInvoker invoker, Uri endpoint, SaveEtcdSnapshotInput input, ActivityContext context, CancellationToken cancellationToken)
    {
        var temporary = $"{input.Path}.{Guid.NewGuid():N}.part";
        try
        {
            context.Log.Info($"streaming a snapshot from {EtcdCalls.Name(endpoint)} to {temporary}");
            long bytes = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var client = new Maintenance.MaintenanceClient(invoker);
                using var call = client.Snapshot(new SnapshotRequest(), deadline: DateTime.UtcNow + input.Timeout, cancellationToken: cancellationToken);
                while (await call.ResponseStream.MoveNext(cancellationToken))
                {
                    var blob = call.ResponseStream.Current.Blob.Memory;
                    hash.AppendData(blob.Span);
                    await file.WriteAsync(blob, cancellationToken);
                    bytes += blob.Length;
                }

                // Durable before the rename, or a crash could leave a renamed but empty file.
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            if (bytes == 0)
            {
                throw new ActivityException("etcd.snapshot-empty", $"{EtcdCalls.Name(endpoint)} sent an empty snapshot");
            }

            File.Move(temporary, input.Path, overwrite: true);
            return new SaveEtcdSnapshotOutput
            {
                Path = input.Path,
                Bytes = bytes,
                Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset()),
                Endpoint = EtcdCalls.Name(endpoint),
            };
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
