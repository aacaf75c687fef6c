using System.Text.Json.Nodes;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClusterWorkflows.Activities.Ssh.Tests;

public sealed class SshConformanceTests(SshServer server) : ActivityConformanceTests, IClassFixture<SshServer>, IDisposable
{
    private readonly TempDirectory temp = new("cw-ssh-conformance");

    protected override void Register(IServiceCollection services)
    {
        services.AddSshActivities();
        services.AddSingleton<ISecretVault>(server.Vault());
    }

    protected override IEnumerable<ConformanceCase> Cases()
    {
        var knownHosts = server.NewKnownHosts();
        var marker = temp.File("marker");
        var file = temp.File("ensured.txt");
        yield return new ConformanceCase("ssh.run@1", new JsonObject
        {
            ["connection"] = server.Connection(knownHosts),
            ["command"] = $"touch '{marker}'",
            ["creates"] = marker,
            ["timeout"] = "30s",
        })
        {
            Name = "touch with creates",
            SecondRunUnchanged = true,
            Probe = _ => Task.FromResult(File.Exists(marker) ? "exists" : "missing"),
        };
        yield return new ConformanceCase("ssh.run@1", new JsonObject
        {
            ["connection"] = server.Connection(knownHosts),
            ["command"] = "sleep 30",
        })
        {
            Name = "long",
            LongRunning = true,
        };
        yield return new ConformanceCase("ssh.ensureFile@1", new JsonObject
        {
            ["connection"] = server.Connection(knownHosts),
            ["path"] = file,
            ["content"] = "hello\n",
            ["mode"] = "0640",
        })
        {
            SecondRunUnchanged = true,
            Probe = _ => Task.FromResult(File.Exists(file) ? File.ReadAllText(file) : "<missing>"),
        };
        foreach (var c in MoreCases(knownHosts))
        {
            yield return c;
        }
    }

    private IEnumerable<ConformanceCase> MoreCases(string knownHosts)
    {
        var directory = temp.File("made/sub");
        var lines = temp.File("lines.conf");
        yield return new ConformanceCase("ssh.ensureDirectory@1", new JsonObject
        {
            ["connection"] = server.Connection(knownHosts),
            ["path"] = directory,
            ["mode"] = "0750",
        })
        {
            SecondRunUnchanged = true,
            Probe = _ => Task.FromResult(Directory.Exists(directory) ? "exists" : "missing"),
        };
        yield return new ConformanceCase("ssh.ensureLine@1", new JsonObject
        {
            ["connection"] = server.Connection(knownHosts),
            ["path"] = lines,
            ["line"] = "PermitRootLogin no",
            ["regexp"] = "^#?PermitRootLogin",
        })
        {
            SecondRunUnchanged = true,
            Probe = _ => Task.FromResult(File.Exists(lines) ? File.ReadAllText(lines) : "<missing>"),
        };
        var systemctl = new FakeSystemctl(temp.File("systemd"));
        yield return new ConformanceCase("ssh.ensureSystemdUnit@1", new JsonObject
        {
            ["connection"] = server.Connection(knownHosts),
            ["name"] = "demo.service",
            ["content"] = "[Service]\nExecStart=/bin/true\n",
            ["unitDirectory"] = systemctl.Directory,
            ["systemctl"] = systemctl.Path,
        })
        {
            SecondRunUnchanged = true,
            Probe = _ => Task.FromResult(string.Join(",", Directory.GetFiles(systemctl.Directory).Select(Path.GetFileName).Where(n => n != "calls.log").Order())),
        };
        yield return new ConformanceCase("ssh.waitFor@1", new JsonObject
        {
            ["connection"] = server.Connection(knownHosts),
            ["port"] = server.Port,
            ["timeout"] = "20s",
        })
        {
            SecondRunUnchanged = true,
        };
        yield return new ConformanceCase("ssh.waitFor@1", new JsonObject
        {
            ["connection"] = server.Connection(knownHosts),
            ["command"] = "false",
            ["timeout"] = "1h",
            ["interval"] = "100ms",
        })
        {
            Name = "long",
            LongRunning = true,
        };
    }

    public void Dispose() => temp.Dispose();
}
