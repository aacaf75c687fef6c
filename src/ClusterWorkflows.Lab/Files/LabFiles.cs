using System.Text;
using ClusterWorkflows.Lab.State;

namespace ClusterWorkflows.Lab.Files;

/// <summary>Renders the files the lab hands to its users: ssh_config, known_hosts, the hosts list and the inventory.</summary>
public static class LabFiles
{
    public static string SshConfig(LabLayout layout, IEnumerable<LabHost> hosts)
    {
        var sb = new StringBuilder();
        sb.Append("# Written by cw lab up. Use: ssh -F ").Append(layout.SshConfigFile).Append(" node1 hostname\n");
        foreach (var h in hosts)
        {
            sb.Append("Host ").Append(h.Name).Append(' ').Append(h.Ip).Append('\n')
              .Append("  HostName ").Append(h.Ip).Append('\n')
              .Append("  User root\n")
              .Append("  IdentityFile ").Append(layout.KeyFile).Append('\n')
              .Append("  IdentitiesOnly yes\n")
              .Append("  UserKnownHostsFile ").Append(layout.KnownHostsFile).Append('\n')
              .Append("  StrictHostKeyChecking yes\n")
              .Append("  BatchMode yes\n")
              .Append("  ConnectTimeout 5\n")
              .Append("  LogLevel ERROR\n");
        }

        return sb.ToString();
    }

    public static string KnownHostsLine(LabHost host, string publicKey)
    {
        var parts = publicKey.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            throw new LabException($"host {host.Name} returned an unreadable SSH host key");
        }

        return $"{host.Name},{host.Ip} {parts[0]} {parts[1]}";
    }

    /// <summary>/etc/hosts lines every host gets, so hosts reach each other by name without DNS.</summary>
    public static string HostsFile(IEnumerable<LabHost> hosts) =>
        string.Concat(hosts.Select(h => $"{h.Ip} {h.Name}\n"));

    /// <summary>
    /// Groups for the runbooks: up to 3 managers (1 below 3 hosts), the rest workers; the first host
    /// advertises the swarm; etcd on the managers; node types db, app, front in turn.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Groups(IReadOnlyList<LabHost> hosts)
    {
        var managerCount = hosts.Count >= 3 ? 3 : 1;
        var types = new[] { "db", "app", "front" };
        var groups = new Dictionary<string, IReadOnlyList<string>>
        {
            ["managers"] = hosts.Take(managerCount).Select(h => h.Name).ToList(),
            ["workers"] = hosts.Skip(managerCount).Select(h => h.Name).ToList(),
            ["advertiser"] = hosts.Take(1).Select(h => h.Name).ToList(),
            ["etcd"] = hosts.Take(managerCount).Select(h => h.Name).ToList(),
        };
        foreach (var t in types)
        {
            groups[t] = hosts.Where((_, i) => types[i % types.Length] == t).Select(h => h.Name).ToList();
        }

        return groups;
    }

    public static string Inventory(LabLayout layout, IReadOnlyList<LabHost> hosts)
    {
        var groups = Groups(hosts);
        var sb = new StringBuilder();
        // The key is referenced by path, not as a secret: a secret reference would fail every run until
        // someone stored it (`cw secret set`), and the lab's throwaway key protects nothing outside the lab.
        sb.Append("# Written by cw lab up for lab '").Append(layout.Name).Append("'. Regenerated at every up.\n")
          .Append("vars:\n")
          .Append("  ssh_user: root\n")
          .Append("  ssh_key_file: \"").Append(layout.KeyFile).Append("\"\n")
          .Append("  ssh_config: \"").Append(layout.SshConfigFile).Append("\"\n")
          .Append("  lab: \"").Append(layout.Name).Append("\"\n")
          .Append("  docker_version: \"20.10\"\n")
          .Append("hosts:\n");
        foreach (var h in hosts)
        {
            var memberOf = groups.Where(g => g.Value.Contains(h.Name)).Select(g => g.Key);
            var type = groups.First(g => g.Key is "db" or "app" or "front" && g.Value.Contains(h.Name)).Key;
            sb.Append("  ").Append(h.Name).Append(":\n")
              .Append("    address: ").Append(h.Ip).Append('\n')
              .Append("    groups: [").Append(string.Join(", ", memberOf)).Append("]\n")
              .Append("    vars: { node_type: ").Append(type).Append(", mac: \"").Append(h.Mac).Append("\" }\n");
        }

        sb.Append("groups:\n");
        foreach (var g in groups.Keys)
        {
            sb.Append("  ").Append(g).Append(": {}\n");
        }

        sb.Append("knownHosts: known_hosts\n")
          .Append("trustOnFirstUse: false\n");
        return sb.ToString();
    }
}
