using System.Net;
using ClusterWorkflows.Server.Tests.Fixtures;
using ClusterWorkflows.Testing;
using ClusterWorkflows.Testing.CwServer;

namespace ClusterWorkflows.Server.Tests;

/// <summary>The server as operators run it: a process on a port, its embedded SQLite default, stopped with SIGTERM.</summary>
public sealed class ServerProcessTests : IDisposable
{
    private readonly TempDirectory home = new("cw-server-process");

    [Fact]
    public async Task Start_DefaultSqlite_ServesApiRunsAndStopsOnSigterm()
    {
        var workflows = Directory.CreateDirectory(home.File("workflows")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Runbooks", "steps.yaml"), Path.Combine(workflows, "steps.yaml"));
        await using var server = await ServerProcess.StartAsync(home.Path, new Dictionary<string, string> { ["CW_WORKFLOWS"] = workflows });
        var token = server.AdminToken();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home.Path, "admin.token")));
        Assert.True(File.Exists(home.File("cw.db")));
        using var client = server.Client(token);

        var id = await client.StartAsync("steps");

        await client.WaitForStatusAsync(id, "completed");
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client().GetJsonAsync("/api/runs")).Status);
        Assert.Contains("\"Category\":", server.Output, StringComparison.Ordinal);
        Assert.Equal(0, await CheckAsync($"{server.BaseAddress}readyz"));
        Assert.Equal(0, await server.StopAsync(TimeSpan.FromSeconds(30)));
        Assert.NotEqual(0, await CheckAsync($"{server.BaseAddress}readyz"));
    }

    public void Dispose() => home.Dispose();

    /// <summary>The container health check: `cw-server --check URL`.</summary>
    private static async Task<int> CheckAsync(string url)
    {
        using var check = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "cw-server.dll"), "--check", url]) { RedirectStandardOutput = true })!;
        await check.WaitForExitAsync();
        return check.ExitCode;
    }
}
