using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ClusterWorkflows.Testing;
using Xunit;

namespace ClusterWorkflows.Activities.Ssh.Tests;

/// <summary>
/// A real OpenSSH server on 127.0.0.1 with a private config, host key and client key, in a temp
/// directory. A missing sshd fails the tests (under CI=true and everywhere else).
/// </summary>
public sealed class SshServer : IAsyncLifetime
{
    public const string SshdPath = "/usr/sbin/sshd";
    public const string KeySecretName = "test_ssh_key";

    private readonly TempDirectory temp = new("cw-sshd");
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> errors = new();
    private Process? process;

    public int Port { get; private set; }

    public string User { get; } = Environment.UserName;

    public string ClientKey { get; private set; } = "";

    /// <summary>known_hosts with the current host key (a fresh copy per test via <see cref="NewKnownHosts"/>).</summary>
    public string HostKeyLine { get; private set; } = "";

    public string Dir => temp.Path;

    public static bool Available => File.Exists(SshdPath);

    public async Task InitializeAsync()
    {
        // Never a skip (in CI or not): tests that silently do nothing prove nothing.
        if (!Available)
        {
            throw new InvalidOperationException($"{SshdPath} is missing; install the Debian package openssh-server (scripts/setup.sh)");
        }

        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cw-test-client", "-f", temp.File("client_key"));
        File.Copy(temp.File("client_key.pub"), temp.File("authorized_keys"));
        ClientKey = await File.ReadAllTextAsync(temp.File("client_key"));
        Port = FreePort();
        await StartAsync(newHostKey: true);
    }

    /// <summary>A known_hosts file pinning the current host key, in a fresh path.</summary>
    public string NewKnownHosts()
    {
        var path = temp.File($"known_hosts-{Guid.NewGuid():N}");
        File.WriteAllText(path, HostKeyLine + "\n");
        return path;
    }

    public string EmptyKnownHostsPath() => temp.File($"known_hosts-{Guid.NewGuid():N}");

    public JsonObject Connection(string knownHosts, bool trustOnFirstUse = false) => new()
    {
        ["host"] = "127.0.0.1",
        ["port"] = Port,
        ["user"] = User,
        ["privateKeySecret"] = KeySecretName,
        ["knownHostsFile"] = knownHosts,
        ["trustOnFirstUse"] = trustOnFirstUse,
        ["connectTimeout"] = "10s",
    };

    public InMemorySecretVault Vault()
    {
        var vault = new InMemorySecretVault();
        vault.Set(KeySecretName, ClientKey);
        return vault;
    }

    /// <summary>Kills the server and every connection it serves, then starts it again (optionally with a new host key) on the same port.</summary>
    public async Task RestartAsync(bool newHostKey)
    {
        Stop();
        await StartAsync(newHostKey);
    }

    public async Task DisposeAsync()
    {
        Stop();
        await Task.CompletedTask;
        temp.Dispose();
    }

    private async Task StartAsync(bool newHostKey)
    {
        var hostKey = temp.File("host_key");
        if (newHostKey)
        {
            File.Delete(hostKey);
            File.Delete(hostKey + ".pub");
            await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey);
            var pub = (await File.ReadAllTextAsync(hostKey + ".pub")).Split(' ');
            HostKeyLine = $"[127.0.0.1]:{Port.ToString(CultureInfo.InvariantCulture)} {pub[0]} {pub[1]}";
        }

        var config = temp.File("sshd_config");
        await File.WriteAllTextAsync(config, $"""
            ListenAddress 127.0.0.1
            Port {Port.ToString(CultureInfo.InvariantCulture)}
            HostKey {hostKey}
            AuthorizedKeysFile {temp.File("authorized_keys")}
            PidFile {temp.File("sshd.pid")}
            UsePAM no
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            Subsystem sftp internal-sftp
            LogLevel ERROR
            """);

        // sshd refuses to start without its privilege separation directory.
        try
        {
            Directory.CreateDirectory("/run/sshd");
        }
        catch (UnauthorizedAccessException)
        {
            // Not root: sshd then runs unprivileged and reports for itself what it misses.
        }

        var info = new ProcessStartInfo(SshdPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-D", "-e", "-f", config })
        {
            info.ArgumentList.Add(arg);
        }

        process = Process.Start(info) ?? throw new InvalidOperationException("sshd did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await WaitListeningAsync();
    }

    private async Task WaitListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"sshd exited with code {process.ExitCode} at start: {string.Join(" | ", errors)}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }
        }
    }

    private void Stop()
    {
        if (process is null)
        {
            return;
        }

        // With -D each connection is served by a child process that outlives the listener: kill them too.
        foreach (var child in Children(process.Id))
        {
            TryKill(child);
        }

        TryKill(process.Id);
        process.WaitForExit(5000);
        process.Dispose();
        process = null;
    }

    private static List<int> Children(int parent)
    {
        var result = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    result.AddRange(Children(pid));
                    result.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return result;
    }

    private static void TryKill(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {err}");
        }
    }
}
