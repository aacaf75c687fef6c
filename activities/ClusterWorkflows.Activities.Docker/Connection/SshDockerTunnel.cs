using System.Net.Sockets;
using System.Runtime.CompilerServices;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Sdk;
using Renci.SshNet;

namespace ClusterWorkflows.Activities.Docker.Connection;

/// <summary>
/// A local Unix-domain socket that leads to a remote host's Engine API over SSH.
/// </summary>
/// <remarks>
/// Why: Docker.DotNet speaks HTTP over unix://, npipe:// or tcp:// only; it has no SSH transport like
/// the docker CLI's ssh:// hosts. The CLI's trick is reused instead: `docker system dial-stdio` on the
/// host connects to its Engine socket and relays it on stdin/stdout. Each connection Docker.DotNet
/// opens to the local socket becomes one such command on a channel of the pooled SSH connection.
/// The local end is a Unix socket in a private 0700 directory, never a TCP port: the Engine API is
/// root on that host, and a loopback port would hand it to every local user.
/// </remarks>
internal sealed class SshDockerTunnel : IDisposable
{
    private static readonly TimeSpan EofGrace = TimeSpan.FromMilliseconds(100);

    private readonly SshConnectionPool pool;
    private readonly SshConnection target;
    private readonly DirectoryInfo directory;
    private readonly Socket listener;
    private readonly CancellationTokenSource stopping = new();
    private ActivityContext context;
    private string? lastError;

    public SshDockerTunnel(SshConnectionPool pool, SshConnection target, ActivityContext context)
    {
        this.pool = pool;
        this.target = target;
        this.context = context;
        // CreateTempSubdirectory makes it 0700 on Unix; said again explicitly because the socket's safety rests on it.
        directory = Directory.CreateTempSubdirectory("cw-docker-");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        SocketPath = Path.Combine(directory.FullName, "engine.sock");
        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
            listener.Listen(32);
        }
        catch
        {
            listener.Dispose();
            directory.Delete(recursive: true);
            throw;
        }

        _ = AcceptLoopAsync();
    }

    public string SocketPath { get; }

    /// <summary>What the last relayed connection reported when it failed (stderr of dial-stdio, a dropped SSH connection).</summary>
    public string? LastError => Volatile.Read(ref lastError);

    /// <summary>The step using the tunnel now: its log and its vault serve a reconnect.</summary>
    public void Attach(ActivityContext current) => Volatile.Write(ref context, current);

    /// <summary>Opens (or checks) the SSH connection, so refused keys and unknown hosts surface as their own errors.</summary>
    public Task EnsureConnectedAsync(CancellationToken cancellationToken) =>
        pool.UseAsync(target, Volatile.Read(ref context), _ => Task.FromResult(true), cancellationToken);

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(accepted);
        }
    }

    private async Task RelayAsync(Socket local)
    {
        try
        {
            // The pool re-runs an operation once on a fresh connection when the old one broke. That is
            // only safe before the client's request was read from the local socket: a replay after that
            // would wait for request bytes that were already consumed, and the caller would hang until
            // its timeout. So once bytes moved, a failure ends the relay (the client sees a closed
            // connection at once and the step fails as retryable).
            var relayed = new StrongBox<long>();
            await pool.UseAsync(target, Volatile.Read(ref context), client => PipeOnceAsync(client, local, relayed), stopping.Token);
        }
        catch (Exception ex)
        {
            Volatile.Write(ref lastError, ex.Message);
        }
        finally
        {
            local.Dispose();
        }
    }

    private async Task<bool> PipeOnceAsync(SshClient client, Socket local, StrongBox<long> relayed)
    {
        if (Interlocked.Read(ref relayed.Value) > 0)
        {
            throw new RelayAbortedException("the SSH connection broke while a request was being relayed; it is not replayed");
        }

        try
        {
            return await PipeAsync(client, local, relayed);
        }
        catch (Exception ex) when (Interlocked.Read(ref relayed.Value) > 0 && ex is not RelayAbortedException)
        {
            throw new RelayAbortedException($"the relay broke after the request was sent: {ex.Message}", ex);
        }
    }

    private async Task<bool> PipeAsync(SshClient client, Socket local, StrongBox<long> relayed)
    {
        using var command = client.CreateCommand("docker system dial-stdio");
        var execution = command.ExecuteAsync(stopping.Token);
        using var net = new NetworkStream(local, ownsSocket: false);
        var input = command.CreateInputStream();
        var remoteEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var up = Task.Run(async () =>
        {
            try
            {
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await net.ReadAsync(buffer, stopping.Token)) > 0)
                {
                    Interlocked.Add(ref relayed.Value, read);
                    await input.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
            {
                // Either side went away; closing stdin below ends dial-stdio.
            }
            finally
            {
                // EOF on the remote stdin: dial-stdio half-closes its Engine connection and exits once the answer is through.
                // But when the Engine closed the connection itself, dial-stdio exits at once, and an EOF sent while its
                // channel closes reaches OpenSSH for a channel it already freed: it drops the whole connection
                // ("ieof packet referred to nonexistent channel"), failing every request relayed on it. The client
                // closes as soon as it has the answer, at the same moment; so give dial-stdio a moment to end first.
                await Task.WhenAny(remoteEnded.Task, Task.Delay(EofGrace, CancellationToken.None));
                if (!remoteEnded.Task.IsCompleted && !execution.IsCompleted)
                {
                    await input.DisposeAsync();
                }
            }
        });

        long answered = 0;
        try
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await command.OutputStream.ReadAsync(buffer, stopping.Token)) > 0)
            {
                await net.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
                answered += read;
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            // The local client closed first.
        }
        finally
        {
            remoteEnded.TrySetResult();
        }

        // Record why dial-stdio ended before the local side sees EOF, so the failed request can report it.
        // (Normally it has exited by now; when it still waits for the stdin EOF sent above, do not wait long.)
        await execution.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        if ((command.ExitStatus is { } code && code != 0) || answered == 0)
        {
            var status = command.ExitStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no exit status";
            Volatile.Write(ref lastError, $"docker system dial-stdio ended ({status}) after relaying {answered} bytes: {await StderrAsync(command)}");
        }
        else
        {
            Volatile.Write(ref lastError, null);
        }

        try
        {
            local.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed by the client.
        }

        await up.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        await execution;
        return true;
    }

    private static async Task<string> StderrAsync(SshCommand command)
    {
        try
        {
            using var reader = new StreamReader(command.ExtendedOutputStream);
            return (await reader.ReadToEndAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2))).Trim();
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or ObjectDisposedException)
        {
            return "";
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Dispose();
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Already gone.
        }

        // The CancellationTokenSource is not disposed: relays still finishing read its token.
    }

    /// <summary>A relay that failed after moving bytes; deliberately not one of the errors the pool reconnects and re-runs on.</summary>
    private sealed class RelayAbortedException(string message, Exception? inner = null) : Exception(message, inner);
}
