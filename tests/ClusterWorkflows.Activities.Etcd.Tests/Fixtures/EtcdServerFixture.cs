using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using ClusterWorkflows.Activities.Etcd.Connection;
using ClusterWorkflows.Testing;
using Etcdserverpb;
using Grpc.Core;
using Xunit;

namespace ClusterWorkflows.Activities.Etcd.Tests.Fixtures;

/// <summary>
/// A real single-member etcd over TLS with client-certificate auth, started from the installed
/// binary in a temp dir and killed (with the dir deleted) on dispose.
/// </summary>
public sealed class EtcdServerFixture : IAsyncLifetime
{
    public const string KeySecretName = "etcd.client.key";
    public const string MemberName = "t";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    private readonly TempDirectory directory = new("cw-etcd");
    private readonly StringBuilder output = new();
    private Process? process;

    public TestCertificates Certificates { get; } = TestCertificates.Create();

    public string ClientUrl { get; private set; } = "";

    public string PeerUrl { get; private set; } = "";

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>A vault holding the client key under <see cref="KeySecretName"/>.</summary>
    public InMemorySecretVault NewVault()
    {
        var vault = new InMemorySecretVault();
        vault.Set(KeySecretName, Certificates.ClientKeyPem);
        return vault;
    }

    /// <summary>An input holding the <c>connection</c> object every etcd activity takes, pointing at this server (or at <paramref name="endpoints"/>).</summary>
    public JsonObject Connection(params string[] endpoints) => new()
    {
        ["connection"] = new JsonObject
        {
            ["endpoints"] = new JsonArray([.. (endpoints.Length == 0 ? [ClientUrl] : endpoints).Select(e => JsonValue.Create(e))]),
            ["caCertificatePem"] = Certificates.CaPem,
            ["clientCertificatePem"] = Certificates.ClientPem,
            ["clientKeySecret"] = KeySecretName,
        },
    };

    public static string? FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable("ETCD_BINARY");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var candidates = new[] { "/usr/bin/etcd", "/usr/local/bin/etcd" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "etcd")));
        return candidates.FirstOrDefault(File.Exists);
    }

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: clean up here.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        // Never a silent skip: without etcd these tests would prove nothing (and CI must say so).
        var binary = FindBinary() ?? throw new InvalidOperationException(
            "etcd is not installed (looked for ETCD_BINARY, /usr/bin/etcd, /usr/local/bin/etcd and PATH); install etcd-server (scripts/setup.sh does)");
        File.WriteAllText(directory.File("ca.crt"), Certificates.CaPem);
        File.WriteAllText(directory.File("server.crt"), Certificates.ServerPem);
        File.WriteAllText(directory.File("server.key"), Certificates.ServerKeyPem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.File("server.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        ClientUrl = $"https://127.0.0.1:{FreePort.Next()}";
        PeerUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--name", MemberName,
            "--data-dir", directory.File("data"),
            "--listen-client-urls", ClientUrl,
            "--advertise-client-urls", ClientUrl,
            "--listen-peer-urls", PeerUrl,
            "--initial-advertise-peer-urls", PeerUrl,
            "--initial-cluster", $"{MemberName}={PeerUrl}",
            "--cert-file", directory.File("server.crt"),
            "--key-file", directory.File("server.key"),
            "--trusted-ca-file", directory.File("ca.crt"),
            "--client-cert-auth",
        })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilHealthyAsync();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var ca = X509Certificate2.CreateFromPem(Certificates.CaPem);
        using var ephemeral = X509Certificate2.CreateFromPem(Certificates.ClientPem, Certificates.ClientKeyPem);
        using var client = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        var started = Stopwatch.GetTimestamp();
        string last = "no attempt yet";
        while (Stopwatch.GetElapsedTime(started) < StartDeadline)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"etcd exited with code {process.ExitCode} while starting:\n{Output}");
            }

            using var channel = EtcdChannel.Open(new Uri(ClientUrl), ca, client);
            try
            {
                var status = await new Maintenance.MaintenanceClient(channel)
                    .StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (status.Leader != 0)
                {
                    return;
                }

                last = "no leader yet";
            }
            catch (RpcException ex)
            {
                last = $"{ex.StatusCode}: {ex.Status.Detail}";
            }

            // Polling is the only way to see a server become ready; the deadline above bounds it.
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException($"etcd at {ClientUrl} was not healthy within {StartDeadline} (last: {last}):\n{Output}");
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process?.Dispose();
            directory.Dispose();
        }
    }
}
