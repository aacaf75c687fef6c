using System.Diagnostics;
using ClusterWorkflows.Server.Settings;
using Microsoft.Extensions.Configuration;

namespace ClusterWorkflows.Server.Tests;

/// <summary>
/// The deployment files are real: the stack file passes docker's own compose-schema check, the
/// systemd unit passes systemd-analyze, the Dockerfile names projects and programs that exist,
/// and the *_FILE settings they use (swarm secrets) are read by the server.
/// </summary>
public sealed class PackagingTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public async Task StackFile_DockerStackConfig_ValidWithManagerPlacementAndSecrets()
    {
        var (code, output) = await RunAsync("docker", "stack", "config", "-c", Path.Combine(Root, "workflows", "stacks", "clusterworkflows.yml"));

        Assert.True(code == 0, output);
        Assert.Contains("node.role == manager", output, StringComparison.Ordinal);
        Assert.Contains("CW_DB_FILE: /run/secrets/cw_db", output, StringComparison.Ordinal);
        Assert.Contains("cw-server.dll", output, StringComparison.Ordinal);
        Assert.Contains("endpoint_mode: dnsrr", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemdUnit_SystemdAnalyzeVerify_Passes()
    {
        var (code, output) = await RunAsync("systemd-analyze", "verify", Path.Combine(Root, "src", "ClusterWorkflows.Server", "deploy", "clusterworkflows.service"));

        Assert.True(code == 0 && output.Trim().Length == 0, output);
    }

    [Fact]
    public void Dockerfile_NamesExistingProjectsAndTheServerProgram()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "src", "ClusterWorkflows.Server", "deploy", "Dockerfile"));

        foreach (var project in lines.SelectMany(l => l.Split(' ')).Where(w => w.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            Assert.True(File.Exists(Path.Combine(Root, project)), $"the Dockerfile publishes {project}, which does not exist");
        }

        Assert.Contains(lines, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal) && l.Contains("cw-server.dll", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal) && l.Contains("/readyz", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("USER", StringComparison.Ordinal) && !l.Contains("root", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "cw-server.dll")));
    }

    [Fact]
    public void Options_FileSettings_ReadFromFiles()
    {
        using var home = new Testing.TempDirectory("cw-options");
        File.WriteAllText(home.File("db"), "Host=db.example;Database=cw;Username=cw;Password=pw\n");
        var key = Convert.ToBase64String(new byte[32]);
        File.WriteAllText(home.File("key"), key + "\n");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CW_HOME"] = home.Path,
            ["CW_DB_FILE"] = home.File("db"),
            ["CW_SECRET_KEY_FILE"] = home.File("key"),
            ["CW_WORKERS"] = "0",
        }).Build();

        var options = ServerOptions.From(configuration, home.Path);

        Assert.Equal("Host=db.example;Database=cw;Username=cw;Password=pw", options.Engine.Database);
        Assert.Equal(key, options.Engine.SecretKey);
        Assert.Equal(0, options.Workers);
    }

    [Theory]
    [InlineData("CW_WORKERS", "lots")]
    [InlineData("CW_KEEP", "a while")]
    [InlineData("CW_WRITE_BACK", "maybe")]
    [InlineData("CW_MAX_BODY_BYTES", "10")]
    public void Options_BadSetting_ErrorNamesTheSetting(string name, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [name] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => ServerOptions.From(configuration, Path.GetTempPath()));

        Assert.StartsWith(name + ":", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ClusterWorkflows.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("the repository root was not found above the test binaries");
    }
}
