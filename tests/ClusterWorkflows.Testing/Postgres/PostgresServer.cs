using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ClusterWorkflows.Testing.Postgres;

/// <summary>
/// A private PostgreSQL cluster for tests and benchmarks: initdb into a fresh temp directory, a postmaster on
/// 127.0.0.1 and a free port (its unix socket inside that directory), trust authentication for the
/// <c>postgres</c> role. Disposing stops it and deletes the directory; a ProcessExit handler and a watchdog
/// process make sure no server survives a test host that exits or is killed without disposing it.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<PostgresServer, byte> Live = new();
    private static int exitHandlerRegistered;

    private readonly Process postmaster;
    private readonly Watchdog watchdog;
    private readonly LogTail log;
    private int disposed;

    private PostgresServer(string rootDirectory, string binDirectory, int port, string database, Process postmaster, Watchdog watchdog, LogTail log)
    {
        RootDirectory = rootDirectory;
        BinDirectory = binDirectory;
        Port = port;
        DatabaseName = database;
        this.postmaster = postmaster;
        this.watchdog = watchdog;
        this.log = log;
    }

    /// <summary>The superuser every connection string uses (trust authentication, loopback only).</summary>
    public string Username => "postgres";

    public string BinDirectory { get; }

    public int Port { get; }

    /// <summary>The temp directory holding the data directory and the unix socket.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>The database created at start-up (<see cref="PostgresServerOptions.DatabaseName"/>).</summary>
    public string DatabaseName { get; }

    /// <summary>Npgsql keyword form: <c>Host=127.0.0.1;Port=…;Username=postgres;Database=…</c>.</summary>
    public string ConnectionString => ConnectionStringFor(DatabaseName);

    /// <summary>The last lines the server logged, for failure messages.</summary>
    public string RecentLog => log.Text;

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PostgresServerOptions();
        ValidateName(options.DatabaseName);
        var bin = PostgresBinaries.Find(options.BinDirectory);
        EnsureExitHandler();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StartTimeout);
        var root = Directory.CreateTempSubdirectory("cw-pg-").FullName;
        var watchdog = Watchdog.Start(root);
        try
        {
            await ServerProcesses.GiveToServiceUserAsync(root, timeout.Token);
            var data = Path.Combine(root, "data");
            await ServerProcesses.RunAsync(
                ServerProcesses.ServerProgram(
                    Path.Combine(bin, "initdb"),
                    ["-D", data, "--username=postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"],
                    root),
                "initdb",
                timeout.Token);

            var server = await LaunchAsync(options, bin, root, watchdog, timeout.Token);
            try
            {
                await server.CreateDatabaseAsync(options.DatabaseName, timeout.Token);
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
        catch (Exception e)
        {
            watchdog.Dispose();
            DeleteDirectory(root);
            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The private PostgreSQL server did not start within {options.StartTimeout}.", e);
            }

            throw;
        }
    }

    public string ConnectionStringFor(string database)
    {
        ValidateName(database);
        return $"Host=127.0.0.1;Port={Port};Username={Username};Database={database}";
    }

    /// <summary>Creates an empty database (one per test keeps tests independent) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        await ExecuteSqlAsync($"CREATE DATABASE \"{name}\"", "postgres", cancellationToken);
        return ConnectionStringFor(name);
    }

    /// <summary>Drops a database, disconnecting whoever still uses it.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        await ExecuteSqlAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", "postgres", cancellationToken);
    }

    /// <summary>Runs SQL through psql (as the superuser) and returns its unaligned, tuples-only output.</summary>
    public Task<string> ExecuteSqlAsync(string sql, string? database = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var db = database ?? DatabaseName;
        ValidateName(db);
        return ServerProcesses.RunAsync(
            ServerProcesses.Describe(
                Path.Combine(BinDirectory, "psql"),
                ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "-U", Username, "-d", db, "-c", sql]),
            "psql",
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        Live.TryRemove(this, out _);
        try
        {
            Signal("QUIT");
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await postmaster.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                postmaster.Kill(entireProcessTree: true);
                await postmaster.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            postmaster.Dispose();
            DeleteDirectory(RootDirectory);
            watchdog.Dispose();
        }
    }

    /// <summary>The synchronous stop of the ProcessExit handler: no awaits while the runtime shuts down.</summary>
    private void StopNow()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            Signal("QUIT");
            if (!postmaster.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                postmaster.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
        finally
        {
            DeleteDirectory(RootDirectory);
            watchdog.Dispose();
        }
    }

    private static async Task<PostgresServer> LaunchAsync(
        PostgresServerOptions options,
        string bin,
        string root,
        Watchdog watchdog,
        CancellationToken cancellationToken)
    {
        // The port is free when we look; another process may take it before postgres binds. Then try another.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var log = new LogTail();
            var process = StartPostmaster(options, bin, root, port, log);
            watchdog.Watch(process.Id);
            var server = new PostgresServer(root, bin, port, options.DatabaseName, process, watchdog, log);
            Live.TryAdd(server, 0);
            bool ready;
            try
            {
                ready = await server.WaitUntilReadyAsync(cancellationToken);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }

            if (ready)
            {
                return server;
            }

            Live.TryRemove(server, out _);
            await process.WaitForExitAsync(cancellationToken);
            process.Dispose();
            var portTaken = log.Text.Contains("could not bind", StringComparison.OrdinalIgnoreCase) ||
                            log.Text.Contains("already in use", StringComparison.OrdinalIgnoreCase);
            if (!portTaken || attempt == 5)
            {
                throw new InvalidOperationException($"The private PostgreSQL server exited during start-up: {log.Text}");
            }
        }
    }

    private static Process StartPostmaster(PostgresServerOptions options, string bin, string root, int port, LogTail log)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["listen_addresses"] = "127.0.0.1",
            ["unix_socket_directories"] = root,
            ["max_connections"] = "200",
        };
        if (options.FsyncOff)
        {
            settings["fsync"] = "off";
            settings["synchronous_commit"] = "off";
            settings["full_page_writes"] = "off";
        }

        foreach (var (name, value) in options.Settings)
        {
            settings[name] = value;
        }

        List<string> arguments = ["-D", Path.Combine(root, "data"), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        foreach (var (name, value) in settings)
        {
            arguments.Add("-c");
            arguments.Add($"{name}={value}");
        }

        var process = Process.Start(ServerProcesses.ServerProgram(Path.Combine(bin, "postgres"), arguments, root))
            ?? throw new InvalidOperationException("Could not start postgres.");
        process.OutputDataReceived += (_, e) => log.Add(e.Data);
        process.ErrorDataReceived += (_, e) => log.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Polls postmaster.pid the way pg_ctl does: its 8th line says "ready" once connections are accepted.
    /// False when the postmaster exited first.
    /// </summary>
    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        while (true)
        {
            if (postmaster.HasExited)
            {
                return false;
            }

            if (ReadPidFile(pidFile) is { Length: >= 8 } lines &&
                lines[0].Trim() == postmaster.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) &&
                lines[7].Trim() == "ready")
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        }
    }

    private static string[]? ReadPidFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void Signal(string signal)
    {
        if (postmaster.HasExited)
        {
            return;
        }

        using var kill = Process.Start(ServerProcesses.Describe("kill", [$"-{signal}", postmaster.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        kill?.WaitForExit(TimeSpan.FromSeconds(5));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void EnsureExitHandler()
    {
        if (Interlocked.Exchange(ref exitHandlerRegistered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var server in Live.Keys)
                {
                    server.StopNow();
                }
            };
        }
    }

    private static void DeleteDirectory(string path)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A backend may still be unlinking its files; try again, and leave the rest to the OS's temp cleanup.
            }
        }
    }

    private static void ValidateName(string name)
    {
        if (!DatabaseNamePattern().IsMatch(name ?? ""))
        {
            throw new ArgumentException($"'{name}' is not a plain database name (letters, digits, _; at most 63).", nameof(name));
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseNamePattern();

    /// <summary>The last lines of the server's output.</summary>
    private sealed class LogTail
    {
        private const int Capacity = 100;
        private readonly Queue<string> lines = new();

        public string Text
        {
            get
            {
                lock (lines)
                {
                    return string.Join('\n', lines);
                }
            }
        }

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Enqueue(line);
                if (lines.Count > Capacity)
                {
                    lines.Dequeue();
                }
            }
        }
    }
}
