using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ClusterWorkflows.Store.Sqlite;

/// <summary>
/// The one kept-open write connection of a store instance. Writes in this process queue on a semaphore;
/// writes from other processes queue on SQLite's lock, which BEGIN IMMEDIATE takes up front (busy_timeout
/// waits for it), so a transaction never fails half-way on a lock upgrade. Commands are cached per SQL text
/// and stay prepared for the life of the connection.
/// </summary>
internal sealed class WriteConnection : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string connectionString;
    private readonly string pragmas;

    // Keys are the static SQL constants, so reference equality is both correct and the cheapest lookup.
    private readonly Dictionary<string, SqliteCommand> commands = new(ReferenceEqualityComparer.Instance);
    private SqliteConnection? connection;
    private SqliteCommand? begin;
    private SqliteCommand? commit;
    private SqliteCommand? rollback;
    private bool disposed;

    public WriteConnection(string connectionString, string pragmas)
    {
        this.connectionString = connectionString;
        this.pragmas = pragmas;
    }

    /// <summary>Runs <paramref name="work"/> inside BEGIN IMMEDIATE … COMMIT; any exception rolls back.</summary>
    public async Task<T> TransactAsync<T>(Func<WriteConnection, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            EnsureOpen();
            begin!.ExecuteNonQuery();
            try
            {
                var result = work(this);
                commit!.ExecuteNonQuery();
                return result;
            }
            catch
            {
                RollbackIfOpen();
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public Task TransactAsync(Action<WriteConnection> work, CancellationToken cancellationToken) =>
        TransactAsync<bool>(w => { work(w); return true; }, cancellationToken);

    /// <summary>A cached command for <paramref name="sql"/> (a constant), its parameters cleared for binding.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection!.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }

    /// <summary>Runs a statement outside the cache (migrations); still inside the current transaction.</summary>
    public void ExecuteOnce(string sql)
    {
        using var command = connection!.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        gate.Wait();
        try
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }

            commands.Clear();
            begin?.Dispose();
            commit?.Dispose();
            rollback?.Dispose();
            connection?.Dispose();
            connection = null;
        }
        finally
        {
            gate.Release();
        }
    }

    private void EnsureOpen()
    {
        if (connection is not null)
        {
            return;
        }

        var opened = new SqliteConnection(connectionString);
        try
        {
            opened.Open();
            using (var setup = opened.CreateCommand())
            {
                setup.CommandText = pragmas;
                setup.ExecuteNonQuery();
            }

            begin = Create(opened, "BEGIN IMMEDIATE;");
            commit = Create(opened, "COMMIT;");
            rollback = Create(opened, "ROLLBACK;");
            connection = opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    private void RollbackIfOpen()
    {
        // SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR); a second ROLLBACK would throw.
        if (connection is not null && raw.sqlite3_get_autocommit(connection.Handle) == 0)
        {
            rollback!.ExecuteNonQuery();
        }
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
