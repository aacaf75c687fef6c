using System.Text.Json.Nodes;
using ClusterWorkflows.Activities.Docker.Tests.Fixtures;
using ClusterWorkflows.Activities.Docker.Tests.Lab;
using ClusterWorkflows.Sdk;
using ClusterWorkflows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterWorkflows.Activities.Docker.Tests;

/// <summary>
/// The shared conformance suite over every docker activity, on a real 2-host lab: node1 manages a
/// swarm, node2 joins it in the join case. The cases run in this order inside each check, so later
/// cases build on earlier ones (the join before the labels, the network before the service). Every
/// case that changes something is run twice (the second run must report unchanged) and probed
/// around a check-mode run (which must change nothing).
/// </summary>
[Collection(ConformanceLabCollection.Name)]
public sealed class DockerConformanceTests(ConformanceLab lab) : ActivityConformanceTests
{
    private const string Network = "conformance-net";
    private const string Service = "conformance-svc";

    protected override void Register(IServiceCollection services)
    {
        // The join tokens the cases use; docker.saveJoinTokens writes the same names again.
        var vault = new InMemorySecretVault();
        vault.Set("swarm.worker-token", lab.WorkerToken);
        vault.Set("swarm.manager-token", lab.ManagerToken);
        services.AddDockerActivities();
        services.AddSingleton<ISecretVault>(vault);
    }

    protected override IEnumerable<ConformanceCase> Cases()
    {
        lab.RequireUp();
        yield return new ConformanceCase("docker.initSwarm@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["advertiseAddress"] = lab.Ip(1) })
        {
            SecondRunUnchanged = true,
        };
        yield return new ConformanceCase("docker.saveJoinTokens@1", new JsonObject { ["connection"] = lab.SshConnection(1) }) { SecondRunUnchanged = true };
        yield return new ConformanceCase("docker.joinSwarm@1", new JsonObject
        {
            ["connection"] = lab.SshConnection(2),
            ["role"] = "worker",
            ["remoteAddress"] = $"{lab.Ip(1)}:2377",
            ["tokenSecret"] = "swarm.worker-token",
            ["advertiseAddress"] = lab.Ip(2),
        })
        {
            SecondRunUnchanged = true,
            Probe = _ => lab.ShellAsync(2, "docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'"),
        };
        yield return new ConformanceCase("docker.setNodeLabels@1", new JsonObject
        {
            ["connection"] = lab.SshConnection(1),
            ["node"] = "node2",
            ["labels"] = new JsonObject { ["type"] = "db" },
        })
        {
            SecondRunUnchanged = true,
            Probe = _ => lab.ShellAsync(1, "docker node inspect -f '{{json .Spec.Labels}}' node2"),
        };
        // The daemon of the worker: files compared, restarted once, then unchanged.
        yield return new ConformanceCase("docker.configureDaemon@1", new JsonObject
        {
            ["connection"] = lab.Ssh(2),
            ["settings"] = new JsonObject { ["log-driver"] = "json-file", ["log-opts"] = new JsonObject { ["max-size"] = "10m" } },
        })
        {
            SecondRunUnchanged = true,
            Probe = _ => lab.ShellAsync(2, "sha256sum /etc/docker/daemon.json 2>&1; true"),
        };
        yield return new ConformanceCase("docker.setNodeAvailability@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["node"] = "node2", ["availability"] = "drain" })
        {
            SecondRunUnchanged = true,
            Probe = _ => lab.ShellAsync(1, "docker node inspect -f '{{.Spec.Availability}}' node2"),
        };
        yield return new ConformanceCase("docker.listNodes@1", new JsonObject { ["connection"] = lab.SshConnection(1) }) { SecondRunUnchanged = true };
        yield return new ConformanceCase("docker.ensureNetwork@1", new JsonObject
        {
            ["connection"] = lab.SshConnection(1),
            ["name"] = Network,
            ["attachable"] = true,
            ["subnet"] = "10.20.0.0/24",
            ["labels"] = new JsonObject { ["app"] = "conformance" },
        })
        {
            SecondRunUnchanged = true,
            Probe = _ => lab.ShellAsync(1, $"docker network ls -q --filter name=^{Network}$"),
        };
        yield return new ConformanceCase("docker.ensureService@1", new JsonObject
        {
            ["connection"] = lab.SshConnection(1),
            ["name"] = Service,
            ["image"] = "busybox:latest",
            ["replicas"] = 1,
            ["env"] = new JsonObject { ["A"] = "1" },
            ["labels"] = new JsonObject { ["app"] = "conformance" },
            ["constraints"] = new JsonArray("node.role==manager"),
            ["endpointMode"] = "dnsrr",
            ["networks"] = new JsonArray(Network),
            ["command"] = new JsonArray("sleep", "3600"),
        })
        {
            SecondRunUnchanged = true,
            Probe = _ => lab.ShellAsync(1, $"docker service inspect -f '{{{{.Version.Index}}}}' {Service} 2>/dev/null || echo none"),
        };
        yield return new ConformanceCase("docker.waitForService@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["name"] = Service, ["timeout"] = "60s" })
        {
            SecondRunUnchanged = true,
        };
        yield return new ConformanceCase("docker.inspectService@1", new JsonObject { ["connection"] = lab.SshConnection(1), ["name"] = Service, ["allowMissing"] = true })
        {
            SecondRunUnchanged = true,
        };
    }
}
