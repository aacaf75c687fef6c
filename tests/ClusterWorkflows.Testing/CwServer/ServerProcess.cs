using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ClusterWorkflows.Testing.Cw;
using Xunit;

namespace ClusterWorkflows.Testing.CwServer;

/// <summary>
/// The real cw-server as a child process on a free loopback port, in its own session so a signal
/// reaches it and nothing else. Output lines are kept for the failure messages. A test project
/// that uses it references the server project, or copies its output into server/.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>Next to the tests, or in server/ where the tests' own dependencies must not mix with the server's.</summary>
    private static readonly string ServerDll = new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "server") }
        .Select(folder => Path.Combine(folder, "cw-server.dll"))
        .FirstOrDefault(File.Exists) ?? Path.Combine(AppContext.BaseDirectory, "cw-server.dll");
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();

    private ServerProcess(Process process, int port, string home)
    {
        this.process = process;
        Port = port;
        Home = home;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string Home { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public string Output => string.Join('\n', lines);

    /// <summary>Starts the server with <paramref name="settings"/> (CW_* variables) and waits until /readyz answers.</summary>
    public static async Task<ServerProcess> StartAsync(string home, IReadOnlyDictionary<string, string> settings)
    {
        Assert.True(File.Exists(ServerDll), $"cw-server.dll not found at {ServerDll}");
        var port = FreePort();
        var info = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = home };
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(ServerDll);
        info.Environment["CW_HOME"] = home;
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment.Remove("CW_DB");
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var server = new ServerProcess(Process.Start(info)!, port, home);
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Waits.UntilAsync(
            async () =>
            {
                if (server.HasExited)
                {
                    Assert.Fail($"cw-server exited with {server.ExitCode}:\n{server.Output}");
                }

                try
                {
                    return (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            "cw-server to become ready");
        return server;
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public string AdminToken() => File.ReadAllText(Path.Combine(Home, "admin.token")).Trim();

    /// <summary>A new API token with <paramref name="role"/> (viewer, operator or admin), made with the admin token.</summary>
    public async Task<string> CreateTokenAsync(string name, string role)
    {
        using var client = Client(AdminToken());
        using var response = await client.PostAsJsonAsync("/api/tokens", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    public void Signal(string signal) => CwHome.SignalGroup(process.Id, signal);

    public async Task<int> StopAsync(TimeSpan deadline)
    {
        if (!process.HasExited)
        {
            Signal("TERM");
            using var cts = new CancellationTokenSource(deadline);
            await process.WaitForExitAsync(cts.Token);
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Signal("KILL");
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
