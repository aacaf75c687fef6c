using System.Collections.ObjectModel;
using System.Text.Json.Nodes;
using ClusterWorkflows.Inventory.Json;
using ClusterWorkflows.Inventory.Model;
using ClusterWorkflows.Inventory.Selection;

namespace ClusterWorkflows.Inventory;

/// <summary>
/// Hosts, groups and variables of a cluster, resolved (group children expanded, variables merged).
/// Build one with <see cref="InventoryLoader"/> or <see cref="AnsibleInventoryImporter"/>.
/// </summary>
public sealed class HostInventory
{
    internal HostInventory(
        InventoryDocument document,
        IReadOnlyDictionary<string, InventoryHost> hosts,
        IReadOnlyDictionary<string, InventoryGroup> groups,
        JsonObject vars,
        string? knownHostsPath,
        bool trustOnFirstUse,
        string? sourcePath)
    {
        Document = document;
        Hosts = hosts;
        Groups = groups;
        Vars = vars;
        KnownHostsPath = knownHostsPath;
        TrustOnFirstUse = trustOnFirstUse;
        SourcePath = sourcePath;
    }

    public static HostInventory Empty { get; } = new(
        new InventoryDocument(),
        new ReadOnlyDictionary<string, InventoryHost>(new Dictionary<string, InventoryHost>()),
        new ReadOnlyDictionary<string, InventoryGroup>(new Dictionary<string, InventoryGroup>
        {
            [Names.AllGroup] = new(Names.AllGroup, [], [], []),
        }),
        [],
        null,
        false,
        null);

    /// <summary>Hosts by name, in the order they were declared.</summary>
    public IReadOnlyDictionary<string, InventoryHost> Hosts { get; }

    /// <summary>Groups by name (sorted), including the implicit <c>all</c> and groups only named by hosts.</summary>
    public IReadOnlyDictionary<string, InventoryGroup> Groups { get; }

    /// <summary>Global variables. Treat as read-only.</summary>
    public JsonObject Vars { get; }

    /// <summary>SSH known_hosts file: absolute when the inventory was loaded from a file, else as written.</summary>
    public string? KnownHostsPath { get; }

    public bool TrustOnFirstUse { get; }

    /// <summary>Full path of the loaded file, or the name given to Parse/Import.</summary>
    public string? SourcePath { get; }

    /// <summary>The declarations as written; what ToYaml writes back.</summary>
    internal InventoryDocument Document { get; }

    /// <summary>
    /// Hosts matching an Ansible-like pattern, in declaration order: <c>all</c> or <c>*</c>, a group,
    /// a host, globs (<c>web*</c>), <c>~regex</c>, and terms joined by <c>:</c> or <c>,</c> where
    /// <c>&amp;x</c> intersects and <c>!x</c> excludes. Unknown names match nothing.
    /// </summary>
    public IReadOnlyList<InventoryHost> Select(string pattern) => HostPattern.Select(this, pattern);

    /// <summary>Every secret referenced anywhere (global, group or host variables), distinct, sorted by name.</summary>
    public IEnumerable<SecretReference> SecretReferences()
    {
        var all = SecretJson.FindNames(Document.Vars)
            .Concat(Document.Groups.SelectMany(g => SecretJson.FindNames(g.Vars)))
            .Concat(Document.Hosts.SelectMany(h => SecretJson.FindNames(h.Vars)));
        return all.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(n => new SecretReference(n)).ToArray();
    }

    /// <summary>
    /// The view expressions read: <c>{ hosts: { name: {name,address,port,user,groups,vars} },
    /// groups: { name: [hosts] }, vars: {...} }</c>. A fresh copy each call. Secret references are
    /// replaced by <paramref name="resolveSecret"/> (called once per name; its exceptions propagate),
    /// or kept as <c>{"secret": name}</c> when it is null.
    /// </summary>
    public JsonObject ToJson(Func<string, string>? resolveSecret = null)
    {
        var resolve = Memoize(resolveSecret);
        var hosts = new JsonObject();
        foreach (var host in Hosts.Values)
        {
            hosts[host.Name] = new JsonObject
            {
                ["name"] = host.Name,
                ["address"] = host.Address,
                ["port"] = host.Port,
                ["user"] = host.User,
                ["groups"] = new JsonArray(host.Groups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
                ["vars"] = SecretJson.CopyResolving(host.Vars, resolve),
            };
        }

        var groups = new JsonObject();
        foreach (var group in Groups.Values)
        {
            groups[group.Name] = new JsonArray(group.Hosts.Select(h => (JsonNode?)JsonValue.Create(h)).ToArray());
        }

        return new JsonObject
        {
            ["hosts"] = hosts,
            ["groups"] = groups,
            ["vars"] = SecretJson.CopyResolving(Vars, resolve),
            ["knownHosts"] = KnownHostsPath,
            ["trustOnFirstUse"] = TrustOnFirstUse,
        };
    }

    private static Func<string, string>? Memoize(Func<string, string>? resolve)
    {
        if (resolve is null)
        {
            return null;
        }

        var cache = new Dictionary<string, string>(StringComparer.Ordinal);
        return name =>
        {
            if (!cache.TryGetValue(name, out var value))
            {
                value = resolve(name);
                cache[name] = value;
            }

            return value;
        };
    }
}
