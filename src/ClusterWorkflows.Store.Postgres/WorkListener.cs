using Npgsql;

namespace ClusterWorkflows.Store.Postgres;

/// <summary>
/// <see cref="IWorkSignal"/> over LISTEN/NOTIFY: one long-lived connection per store instance LISTENs (started
/// by the first wait, re-established when it breaks) and wakes every waiter when a notification arrives. A
/// notification that finds nobody waiting is kept, so a worker that was busy claiming when it came does not
/// sleep through it: its next wait returns at once. The same holds right after LISTEN is (re-)established, since
/// notifications sent before were lost — so the first wait of a store returns as soon as it listens.
/// </summary>
internal sealed class WorkListener : IAsyncDisposable
{
    /// <summary>How long the connection may stay silent before a round trip proves it is still alive.</summary>
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource dataSource;
    private readonly string channel;
    private readonly TimeProvider time;
    private readonly object gate = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? loop;
    private int waiters;
    private bool pending;

    public WorkListener(NpgsqlDataSource dataSource, string channel, TimeProvider time)
    {
        this.dataSource = dataSource;
        this.channel = channel;
        this.time = time;
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must not be negative.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        EnsureStarted();
        var started = time.GetTimestamp();
        try
        {
            // Before LISTEN is in place a notification would be lost; the first wait waits for it within its deadline.
            await listening.Task.WaitAsync(timeout, time, cancellationToken);
            Task wake;
            lock (gate)
            {
                if (pending || stopping.IsCancellationRequested)
                {
                    pending = false;
                    return;
                }

                waiters++;
                wake = signal.Task;
            }

            try
            {
                await wake.WaitAsync(Remaining(timeout, started), time, cancellationToken);
            }
            finally
            {
                lock (gate)
                {
                    waiters--;
                }
            }
        }
        catch (TimeoutException)
        {
            // No notification in time: the caller polls the store.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (gate)
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            stopping.Cancel();
            running = loop;
        }

        if (running is not null)
        {
            await running;
        }

        // Whoever still waits returns now rather than at its timeout.
        listening.TrySetResult();
        Wake(keepIfNobodyWaits: false);
        stopping.Dispose();
    }

    private void EnsureStarted()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
            loop ??= Task.Run(ListenAsync);
        }
    }

    private async Task ListenAsync()
    {
        var token = stopping.Token;
        var retryDelay = FirstRetryDelay;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(token);
                connection.Notification += (_, _) => Wake(keepIfNobodyWaits: true);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(token);
                }

                listening.TrySetResult();

                // Work that appeared before LISTEN was in place (or while the connection was down) sent notifications
                // nobody received: the next wait returns at once so that its worker looks for itself.
                Wake(keepIfNobodyWaits: true);
                retryDelay = FirstRetryDelay;
                while (true)
                {
                    if (!await connection.WaitAsync(IdleCheck, token))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteNonQueryAsync(token);
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!token.IsCancellationRequested)
            {
                // The server restarted, the network broke or the pool is exhausted: waiters fall back to their
                // timeouts (polling) until the connection is back.
                try
                {
                    await Task.Delay(retryDelay, time, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private void Wake(bool keepIfNobodyWaits)
    {
        lock (gate)
        {
            if (waiters == 0)
            {
                pending |= keepIfNobodyWaits;
                return;
            }

            var woken = signal;
            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            woken.TrySetResult();
        }
    }

    private TimeSpan Remaining(TimeSpan timeout, long started)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return timeout;
        }

        var left = timeout - time.GetElapsedTime(started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
