using System.Threading.Channels;
using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

/// <summary>
/// Group commit for checkpoints. Concurrent runs' checkpoints queue here; one writer sends
/// whatever has accumulated as one batch in one transaction, so N runs pay one commit (one WAL
/// flush, one round trip) instead of N. A lone run sees no delay: with an empty queue its
/// checkpoint is a batch of one. Each statement keeps its own fence — a lost lease fails only
/// its own request — and a batch that fails as a whole is retried statement by statement, so one
/// bad request cannot fail its neighbours.
/// </summary>
internal sealed class CheckpointBatcher : IAsyncDisposable
{
    private const int MaxBatch = 64;

    private readonly Channel<Request> queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, Task<NpgsqlConnection>> open;
    private readonly Task writer;

    public CheckpointBatcher(Func<CancellationToken, Task<NpgsqlConnection>> open)
    {
        this.open = open;
        writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// One checkpoint: its SQL (whose one row, if any, is the record's sequence and revision), a way to bind its
    /// parameters, and where its result goes (null: the fence refused it).
    /// </summary>
    public sealed record Request(Guid RunId, string Sql, Action<NpgsqlParameterCollection> Bind, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<Written?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Where a written record landed.</summary>
    public readonly record struct Written(long Sequence, long Revision);

    public Task<Written?> SubmitAsync(Request request)
    {
        // The writer is completed only when the store is disposed.
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(request), typeof(PostgresWorkflowStore));
        return request.Result.Task.WaitAsync(request.CancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Request>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var request))
            {
                if (!request.CancellationToken.IsCancellationRequested)
                {
                    batch.Add(request);
                }
                else
                {
                    request.Result.TrySetCanceled(request.CancellationToken);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            // A stable lock order (by run) for the rows the statements fence on.
            batch.Sort((a, b) => a.RunId.CompareTo(b.RunId));
            try
            {
                var results = await ExecuteAsync(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(results[i]);
                }
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var request in batch)
                {
                    await ExecuteOneAsync(request);
                }
            }
            catch (Exception ex)
            {
                batch[0].Result.TrySetException(ex);
            }

            batch.Clear();
        }
    }

    private async Task<Written?[]> ExecuteAsync(List<Request> requests)
    {
        await using var connection = await open(CancellationToken.None);
        await using var transaction = requests.Count > 1 ? await connection.BeginTransactionAsync() : null;
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var request in requests)
        {
            var command = new NpgsqlBatchCommand(request.Sql);
            request.Bind(command.Parameters);
            batch.BatchCommands.Add(command);
        }

        var results = new Written?[requests.Count];
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            for (var i = 0; i < requests.Count; i++)
            {
                results[i] = await reader.ReadAsync() ? new Written(reader.GetInt64(0), reader.GetInt64(1)) : null;
                await reader.NextResultAsync();
            }
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }

        return results;
    }

    private async Task ExecuteOneAsync(Request request)
    {
        try
        {
            var result = await ExecuteAsync([request]);
            request.Result.TrySetResult(result[0]);
        }
        catch (Exception ex)
        {
            request.Result.TrySetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writer;
    }
}
