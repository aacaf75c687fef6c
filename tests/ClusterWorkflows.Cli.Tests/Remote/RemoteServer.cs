using ClusterWorkflows.Testing;
using ClusterWorkflows.Testing.CwServer;

namespace ClusterWorkflows.Cli.Tests.Remote;

/// <summary>One real cw-server for the remote-mode tests, with the server tests' runbooks in its workflows folder.</summary>
public sealed class RemoteServer : IAsyncLifetime
{
    private readonly TempDirectory home = new("cw-cli-server");
    private ServerProcess? process;

    public ServerProcess Process => process ?? throw new InvalidOperationException("the server is not started");

    public string Url => Process.BaseAddress.ToString();

    public string AdminToken { get; private set; } = "";

    public string ViewerToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var workflows = Directory.CreateDirectory(home.File("workflows")).FullName;
        foreach (var runbook in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Runbooks")))
        {
            File.Copy(runbook, Path.Combine(workflows, Path.GetFileName(runbook)));
        }

        process = await ServerProcess.StartAsync(home.Path, new Dictionary<string, string> { ["CW_WORKFLOWS"] = workflows });
        AdminToken = process.AdminToken();
        ViewerToken = await process.CreateTokenAsync("watcher", "viewer");
    }

    public async Task DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        home.Dispose();
    }
}
