using System.Collections.Concurrent;
using ClusterWorkflows.Activities.Ssh.Connection;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Sdk.Tls;
using Docker.DotNet;
using Docker.DotNet.X509;

namespace ClusterWorkflows.Activities.Docker.Connection;

/// <summary>
/// Engine API clients for the docker activities, kept per run and host so the steps of one run
/// reuse one tunnel (SSH) or one TLS client instead of building one per step. Entries idle for a
/// few minutes are closed on the next use; everything is closed with the container (singleton).
/// </summary>
public sealed class DockerClients(SshConnectionPool pool) : IDisposable
{
    private static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private bool disposed;

    /// <summary>How many Engine clients (tunnels or TLS clients) were built, for tests and diagnostics.</summary>
    public int ClientsCreated => Volatile.Read(ref created);

    private int created;

    /// <summary>Runs <paramref name="call"/> against the connection's Engine, turning API and transport failures into activity errors.</summary>
    internal async Task<T> UseAsync<T>(DockerConnection connection, ActivityContext context, Func<IDockerClient, Task<T>> call, CancellationToken cancellationToken, IReadOnlyList<string>? redact = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entry = await GetAsync(connection, context, cancellationToken);
        var host = connection.Display;
        try
        {
            return await call(entry.Client);
        }
        catch (DockerApiException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw DockerErrors.From(ex, host, redact);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
        {
            var detail = entry.Tunnel?.LastError is { Length: > 0 } e ? $" (tunnel: {DockerErrors.Redact(e, redact)})" : "";
            throw new ActivityException("docker.unreachable", $"{host}: the Docker Engine did not answer: {DockerErrors.Redact(ex.Message, redact)}{detail}", inner: ex);
        }
    }

    /// <summary>Checks the connection input: exactly one of ssh and endpoint.</summary>
    internal static void Validate(DockerConnection? connection)
    {
        if (connection is null || (connection.Ssh is null && string.IsNullOrWhiteSpace(connection.Endpoint)))
        {
            throw new NonRetryableActivityException("docker.bad-input", "connection: give connection.ssh (tunnel over SSH) or connection.endpoint (TLS); neither was given");
        }

        if (connection.Ssh is not null && !string.IsNullOrWhiteSpace(connection.Endpoint))
        {
            throw new NonRetryableActivityException("docker.bad-input", "connection: give exactly one of connection.ssh and connection.endpoint, not both");
        }
    }

    private async Task<Entry> GetAsync(DockerConnection connection, ActivityContext context, CancellationToken cancellationToken)
    {
        Validate(connection);
        Sweep();
        if (connection.Ssh is { } ssh)
        {
            var key = $"ssh|{context.RunId}|{ssh.User}@{ssh.Host}:{ssh.Port}|{ssh.PrivateKeySecret}|{ssh.PrivateKeyFile}|{ssh.KnownHostsFile}";
            var entry = GetOrCreate(key, () =>
            {
                var tunnel = new SshDockerTunnel(pool, ssh, context);
                return new Entry(Build(new Uri("unix://" + tunnel.SocketPath), new AnonymousCredentials()), tunnel);
            });
            entry.Tunnel!.Attach(context);
            await entry.Tunnel.EnsureConnectedAsync(cancellationToken);
            return entry;
        }

        using var tls = await TlsMaterial.LoadAsync(connection, context, cancellationToken);
        return GetOrCreate($"tls|{context.RunId}|{tls.Fingerprint}", () =>
        {
            // The entry outlives this method's material, so it takes the certificates over.
            var (ca, client) = tls.Detach();
            var credentials = new CertificateCredentials(client)
            {
                ServerCertificateValidationCallback = (_, certificate, _, errors) => PrivateCaTls.Trusted(ca, certificate, errors),
            };
            return new Entry(Build(tls.Endpoint, credentials), null, [ca, client]);
        });
    }

    private DockerClient Build(Uri endpoint, Credentials credentials)
    {
        Interlocked.Increment(ref created);
        var configuration = new DockerClientConfiguration(endpoint, credentials, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(10), null);
        // No API version pin: the Engine answers with its own (1.41 on Debian 12); the models used here exist since 1.30.
        return configuration.CreateClient(null);
    }

    private Entry GetOrCreate(string key, Func<Entry> create)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!entries.TryGetValue(key, out var entry))
            {
                entry = create();
                entries[key] = entry;
            }

            entry.Touch();
            return entry;
        }
    }

    private void Sweep()
    {
        lock (gate)
        {
            foreach (var (key, entry) in entries)
            {
                if (entry.IdleFor > IdleLimit && entries.TryRemove(key, out _))
                {
                    entry.Dispose();
                }
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            foreach (var entry in entries.Values)
            {
                entry.Dispose();
            }

            entries.Clear();
        }
    }

    private sealed class Entry(DockerClient client, SshDockerTunnel? tunnel, IDisposable[]? owned = null) : IDisposable
    {
        private long lastUsed = System.Diagnostics.Stopwatch.GetTimestamp();

        public DockerClient Client { get; } = client;

        public SshDockerTunnel? Tunnel { get; } = tunnel;

        public TimeSpan IdleFor => System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref lastUsed));

        public void Touch() => Interlocked.Exchange(ref lastUsed, System.Diagnostics.Stopwatch.GetTimestamp());

        public void Dispose()
        {
            Client.Dispose();
            Tunnel?.Dispose();
            foreach (var item in owned ?? [])
            {
                item.Dispose();
            }
        }
    }
}
