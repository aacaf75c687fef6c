using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Inventory.Model;

namespace ClusterWorkflows.Inventory.Resolution;

/// <summary>
/// Turns a document (from YAML or INI) into the resolved <see cref="HostInventory"/>: checks names and
/// references, expands group children, merges variables by precedence.
/// </summary>
internal static class InventoryResolver
{
    public const int DefaultPort = 22;

    /// <summary>The inventory, or null when this added errors.</summary>
    public static HostInventory? Resolve(InventoryDocument document, InventorySource source, ErrorList errors)
    {
        var before = errors.Count;
        var hosts = IndexHosts(document, errors);
        var groups = IndexGroups(document, hosts, errors);
        var graph = new GroupGraph(groups);
        graph.ReportCycles(errors);
        if (errors.Count > before)
        {
            return null;
        }

        return Build(document, source, hosts, groups, graph);
    }

    private static Dictionary<string, HostDeclaration> IndexHosts(InventoryDocument document, ErrorList errors)
    {
        var hosts = new Dictionary<string, HostDeclaration>(StringComparer.Ordinal);
        foreach (var host in document.Hosts)
        {
            if (!Names.IsValidHostOrGroup(host.Name))
            {
                errors.Add(host.Position, $"invalid host name '{host.Name}' (letters, digits, '_', '.', '-'; not starting with '.' or '-')");
            }

            if (!hosts.TryAdd(host.Name, host))
            {
                errors.Add(host.Position, $"duplicate host '{host.Name}' (first declared at {hosts[host.Name].Position})");
            }

            if (host.Address is null)
            {
                errors.Add(host.Position, $"host '{host.Name}' has no address (required: IP address or DNS name)");
            }
        }

        return hosts;
    }

    private static Dictionary<string, GroupDeclaration> IndexGroups(
        InventoryDocument document, Dictionary<string, HostDeclaration> hosts, ErrorList errors)
    {
        var groups = new Dictionary<string, GroupDeclaration>(StringComparer.Ordinal);
        foreach (var group in document.Groups)
        {
            if (group.Name == Names.AllGroup)
            {
                errors.Add(group.Position, "group 'all' is implicit (every host is in it); put its variables under the top-level 'vars'");
                continue;
            }

            CheckGroupName(group.Name, group.Position, errors);
            if (!groups.TryAdd(group.Name, group))
            {
                errors.Add(group.Position, $"duplicate group '{group.Name}' (first declared at {groups[group.Name].Position})");
            }
        }

        // A host may name a group nobody declared: like Ansible, the group then exists without variables.
        foreach (var reference in document.Hosts.SelectMany(h => h.Groups))
        {
            if (reference.Name == Names.AllGroup)
            {
                errors.Add(reference.Position, "'all' is implicit (every host is in it); remove it from groups");
            }
            else if (!groups.ContainsKey(reference.Name) && CheckGroupName(reference.Name, reference.Position, errors))
            {
                groups[reference.Name] = new GroupDeclaration(reference.Name, reference.Position);
            }
        }

        foreach (var group in groups.Values)
        {
            CheckGroupReferences(group, groups, hosts, errors);
        }

        return groups;
    }

    private static void CheckGroupReferences(
        GroupDeclaration group,
        Dictionary<string, GroupDeclaration> groups,
        Dictionary<string, HostDeclaration> hosts,
        ErrorList errors)
    {
        if (hosts.ContainsKey(group.Name))
        {
            errors.Add(group.Position, $"'{group.Name}' is both a host and a group; rename one of them");
        }

        foreach (var child in group.Children)
        {
            if (child.Name == Names.AllGroup)
            {
                errors.Add(child.Position, $"group '{group.Name}' cannot have 'all' as a child");
            }
            else if (!groups.ContainsKey(child.Name))
            {
                errors.Add(child.Position, $"group '{group.Name}' has unknown child group '{child.Name}' (declare it under 'groups')");
            }
        }

        foreach (var member in group.Hosts.Where(m => !hosts.ContainsKey(m.Name)))
        {
            errors.Add(member.Position, $"group '{group.Name}' lists unknown host '{member.Name}' (declare it under 'hosts')");
        }
    }

    private static bool CheckGroupName(string name, Position position, ErrorList errors)
    {
        if (Names.IsValidHostOrGroup(name))
        {
            return true;
        }

        errors.Add(position, $"invalid group name '{name}' (letters, digits, '_', '.', '-'; not starting with '.' or '-')");
        return false;
    }

    private static HostInventory Build(
        InventoryDocument document,
        InventorySource source,
        Dictionary<string, HostDeclaration> hosts,
        Dictionary<string, GroupDeclaration> groups,
        GroupGraph graph)
    {
        var order = graph.ParentsFirst(out _);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in order)
        {
            var parents = graph.ParentsOf(name);
            depth[name] = parents.Count == 0 ? 0 : parents.Max(p => depth[p]) + 1;
        }

        // Ansible order: shallower groups first, then by name, so children override parents.
        var precedence = order.OrderBy(g => depth[g]).ThenBy(g => g, StringComparer.Ordinal).ToList();
        var membership = MembershipOf(document, hosts.Keys, groups, graph);

        var resolvedHosts = new OrderedDictionary<string, InventoryHost>(StringComparer.Ordinal);
        foreach (var host in document.Hosts)
        {
            var memberOf = membership[host.Name];
            var vars = (JsonObject)document.Vars.DeepClone();
            foreach (var group in precedence.Where(memberOf.Contains))
            {
                Overlay(vars, groups[group].Vars);
            }

            Overlay(vars, host.Vars);
            resolvedHosts[host.Name] = new InventoryHost(
                host.Name,
                host.Address!,
                host.Port ?? DefaultPort,
                host.User ?? StringVar(vars, "ssh_user"),
                memberOf.Order(StringComparer.Ordinal).ToArray(),
                vars);
        }

        var resolvedGroups = new SortedDictionary<string, InventoryGroup>(StringComparer.Ordinal);
        foreach (var group in groups.Values)
        {
            var members = membership.Where(m => m.Value.Contains(group.Name)).Select(m => m.Key);
            resolvedGroups[group.Name] = new InventoryGroup(
                group.Name,
                members.Order(StringComparer.Ordinal).ToArray(),
                graph.ChildrenOf(group.Name).ToArray(),
                (JsonObject)group.Vars.DeepClone());
        }

        resolvedGroups[Names.AllGroup] = new InventoryGroup(
            Names.AllGroup,
            hosts.Keys.Order(StringComparer.Ordinal).ToArray(),
            groups.Keys.Where(g => graph.ParentsOf(g).Count == 0).Order(StringComparer.Ordinal).ToArray(),
            (JsonObject)document.Vars.DeepClone());

        return new HostInventory(
            document,
            new ReadOnlyDictionary<string, InventoryHost>(resolvedHosts),
            new ReadOnlyDictionary<string, InventoryGroup>(resolvedGroups),
            (JsonObject)document.Vars.DeepClone(),
            KnownHostsPath(document.KnownHosts, source.BaseDirectory),
            document.TrustOnFirstUse ?? false,
            source.SourcePath);
    }

    /// <summary>For every host: its direct groups plus every ancestor of them.</summary>
    private static Dictionary<string, HashSet<string>> MembershipOf(
        InventoryDocument document,
        IEnumerable<string> hostNames,
        Dictionary<string, GroupDeclaration> groups,
        GroupGraph graph)
    {
        var direct = hostNames.ToDictionary(h => h, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var host in document.Hosts)
        {
            direct[host.Name].UnionWith(host.Groups.Select(g => g.Name));
        }

        foreach (var group in groups.Values)
        {
            foreach (var member in group.Hosts)
            {
                direct[member.Name].Add(group.Name);
            }
        }

        foreach (var memberOf in direct.Values)
        {
            var pending = new Stack<string>(memberOf);
            while (pending.TryPop(out var group))
            {
                foreach (var parent in graph.ParentsOf(group).Where(memberOf.Add))
                {
                    pending.Push(parent);
                }
            }
        }

        return direct;
    }

    // Like Ansible's default hash_behaviour=replace: a later level replaces a whole top-level value.
    private static void Overlay(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            target[key] = value?.DeepClone();
        }
    }

    private static string? StringVar(JsonObject vars, string name) =>
        vars.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    private static string? KnownHostsPath(string? written, string? baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(written) || Path.IsPathRooted(written) || baseDirectory is null)
        {
            return string.IsNullOrWhiteSpace(written) ? null : written;
        }

        return Path.GetFullPath(Path.Combine(baseDirectory, written));
    }
}
