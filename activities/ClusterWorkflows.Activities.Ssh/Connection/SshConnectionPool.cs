using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using ClusterWorkflows.Sdk;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace ClusterWorkflows.Activities.Ssh.Connection;

/// <summary>
/// Keeps one authenticated connection per host/port/user for the life of the engine process, so
/// consecutive steps against a host do not pay for a handshake each. Registered as a singleton.
/// </summary>
public sealed class SshConnectionPool : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>How many connections were opened (handshakes), for tests and diagnostics.</summary>
    public int ConnectionsOpened => Volatile.Read(ref opened);

    private int opened;

    /// <summary>
    /// Runs <paramref name="operation"/> on a pooled connection. A connection found broken is
    /// re-established once; an operation that fails because the connection broke before it could
    /// open its channel is run again once on the new connection.
    /// </summary>
    internal async Task<T> UseAsync<T>(SshConnection target, ActivityContext context, Func<SshClient, Task<T>> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entry = entries.GetOrAdd($"{target.User}@{target.Host}:{target.Port}", _ => new Entry());
        var client = await entry.GetAsync(() => ConnectAsync(target, context, cancellationToken), null, cancellationToken);
        try
        {
            return await operation(client);
        }
        catch (Exception ex) when (IsBroken(ex, client) && !cancellationToken.IsCancellationRequested)
        {
            context.Log.Warning($"connection to {target.Display} was lost ({ex.Message}); reconnecting");
            client = await entry.GetAsync(() => ConnectAsync(target, context, cancellationToken), client, cancellationToken);
            return await operation(client);
        }
    }

    public void Dispose()
    {
        foreach (var entry in entries.Values)
        {
            entry.Dispose();
        }

        entries.Clear();
    }

    private static bool IsBroken(Exception ex, SshClient client) =>
        ex is SshConnectionException or SocketException or ObjectDisposedException
        || (ex is InvalidOperationException or SshException && !client.IsConnected);

    private async Task<SshClient> ConnectAsync(SshConnection target, ActivityContext context, CancellationToken cancellationToken)
    {
        Validate(target);
        var key = await LoadKeyAsync(target, context, cancellationToken);
        var info = new PrivateKeyConnectionInfo(target.Host, target.Port, target.User, key) { Timeout = target.ConnectTimeout };
        var known = KnownHosts.Find(target.KnownHostsFile, target.Host, target.Port);
        RestrictAlgorithms(info, known);

        var client = new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(15) };
        ActivityException? refusal = null;
        client.HostKeyReceived += (_, e) =>
        {
            refusal = Verify(target, known, e, context.Log);
            e.CanTrust = refusal is null;
        };

        try
        {
            using var timeout = new CancellationTokenSource(target.ConnectTimeout, context.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await client.ConnectAsync(linked.Token);
            Interlocked.Increment(ref opened);
            return client;
        }
        catch (Exception ex)
        {
            client.Dispose();
            if (refusal is not null)
            {
                throw refusal;
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw ex switch
            {
                SshAuthenticationException => new NonRetryableActivityException("ssh.auth-failed", $"{target.Display}: authentication failed: {ex.Message}"),
                _ => new ActivityException("ssh.connect-failed", $"{target.Display}: could not connect: {ex.Message}", inner: ex),
            };
        }
    }

    private static ActivityException? Verify(SshConnection target, IReadOnlyList<KnownHostKey> known, HostKeyEventArgs e, IActivityLog log)
    {
        var presented = new KnownHostKey(KeyType(e.HostKeyName), e.HostKey);
        if (known.Count == 0)
        {
            if (!target.TrustOnFirstUse)
            {
                return new NonRetryableActivityException(
                    "ssh.host-unknown",
                    $"host key of {KnownHosts.HostPattern(target.Host, target.Port)} ({presented.KeyType} {presented.Fingerprint}) is not in {target.KnownHostsFile} and trustOnFirstUse is false");
            }

            KnownHosts.Append(target.KnownHostsFile, target.Host, target.Port, presented.KeyType, presented.Blob);
            log.Warning($"trust on first use: recorded {presented.KeyType} {presented.Fingerprint} for {KnownHosts.HostPattern(target.Host, target.Port)} in {target.KnownHostsFile}");
            return null;
        }

        if (known.Any(k => k.KeyType == presented.KeyType && k.Blob.AsSpan().SequenceEqual(presented.Blob)))
        {
            return null;
        }

        var expected = string.Join(", ", known.Select(k => $"{k.KeyType} {k.Fingerprint}"));
        return new NonRetryableActivityException(
            "ssh.host-key-mismatch",
            $"HOST KEY MISMATCH for {KnownHosts.HostPattern(target.Host, target.Port)}: it presented {presented.KeyType} {presented.Fingerprint} but {target.KnownHostsFile} pins {expected}. "
            + "Nothing was executed. If the host was legitimately reinstalled, remove its line from known_hosts.");
    }

    /// <summary>Offer only the key types pinned for the host, so a host that also has another key type is checked against the pinned one.</summary>
    private static void RestrictAlgorithms(ConnectionInfo info, IReadOnlyList<KnownHostKey> known)
    {
        if (known.Count == 0)
        {
            return;
        }

        var types = known.Select(k => k.KeyType).ToHashSet(StringComparer.Ordinal);
        var offered = info.HostKeyAlgorithms.Keys.Where(name => types.Contains(KeyType(name))).ToList();
        if (offered.Count == 0)
        {
            return;
        }

        foreach (var name in info.HostKeyAlgorithms.Keys.Except(offered).ToList())
        {
            info.HostKeyAlgorithms.Remove(name);
        }
    }

    /// <summary>The key type of a host key algorithm name (rsa-sha2-256 signs with an ssh-rsa key).</summary>
    private static string KeyType(string algorithm) =>
        algorithm.StartsWith("rsa-sha2-", StringComparison.Ordinal) ? "ssh-rsa" : algorithm;

    private static void Validate(SshConnection target)
    {
        if (string.IsNullOrWhiteSpace(target.Host) || string.IsNullOrWhiteSpace(target.User))
        {
            throw new NonRetryableActivityException("ssh.bad-input", "connection.host and connection.user are required");
        }

        if (string.IsNullOrWhiteSpace(target.KnownHostsFile))
        {
            throw new NonRetryableActivityException("ssh.bad-input", "connection.knownHostsFile is required: host keys are always pinned");
        }
    }

    private static async Task<PrivateKeyFile> LoadKeyAsync(SshConnection target, ActivityContext context, CancellationToken cancellationToken)
    {
        string pem;
        if (target.PrivateKeySecret is { Length: > 0 } name)
        {
            var vault = context.Secrets
                ?? throw new NonRetryableActivityException("ssh.no-secret-store", $"connection.privateKeySecret '{name}' needs the engine's secret store, which this run does not have");
            pem = await vault.GetAsync(name, cancellationToken)
                ?? throw new NonRetryableActivityException("ssh.secret-missing", $"secret '{name}' (connection.privateKeySecret) does not exist");
        }
        else if (target.PrivateKeyFile is { Length: > 0 } path)
        {
            if (!File.Exists(path))
            {
                throw new NonRetryableActivityException("ssh.bad-input", $"connection.privateKeyFile '{path}' does not exist");
            }

            pem = await File.ReadAllTextAsync(path, cancellationToken);
        }
        else
        {
            throw new NonRetryableActivityException("ssh.bad-input", "connection needs privateKeySecret or privateKeyFile");
        }

        try
        {
            return new PrivateKeyFile(new MemoryStream(Encoding.UTF8.GetBytes(pem)));
        }
        catch (Exception ex) when (ex is SshException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
        {
            // The message of the parser never quotes the key, but keep ours fixed anyway.
            throw new NonRetryableActivityException("ssh.bad-key", "the private key could not be read (unsupported format or encrypted)");
        }
    }

    private sealed class Entry : IDisposable
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private SshClient? client;

        /// <summary>
        /// The pooled client, connected. <paramref name="broken"/> is the client an operation found broken:
        /// it is replaced, but a newer client that a concurrent operation already connected is kept
        /// (replacing it would break the operations running on it).
        /// </summary>
        public async Task<SshClient> GetAsync(Func<Task<SshClient>> connect, SshClient? broken, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                if (client is { IsConnected: true } && !ReferenceEquals(client, broken))
                {
                    return client;
                }

                client?.Dispose();
                client = null;
                client = await connect();
                return client;
            }
            finally
            {
                gate.Release();
            }
        }

        public void Dispose()
        {
            client?.Dispose();
            gate.Dispose();
        }
    }
}
