using System.Text.RegularExpressions;
using ClusterWorkflows.Inventory.Model;

namespace ClusterWorkflows.Inventory.Selection;

/// <summary>
/// Ansible host patterns. As in Ansible, plain terms are united first, then <c>&amp;</c> terms
/// intersect and <c>!</c> terms exclude, whatever their order in the pattern.
/// </summary>
internal static class HostPattern
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public static IReadOnlyList<InventoryHost> Select(HostInventory inventory, string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var terms = pattern.Split([':', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (terms.Length == 0)
        {
            return [];
        }

        var plain = terms.Where(t => t[0] is not ('&' or '!')).ToList();
        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in plain.Count == 0 ? [Names.AllGroup] : plain)
        {
            selected.UnionWith(Match(inventory, term));
        }

        foreach (var term in terms.Where(t => t[0] == '&'))
        {
            selected.IntersectWith(Match(inventory, term[1..].Trim()));
        }

        foreach (var term in terms.Where(t => t[0] == '!'))
        {
            selected.ExceptWith(Match(inventory, term[1..].Trim()));
        }

        return inventory.Hosts.Values.Where(h => selected.Contains(h.Name)).ToArray();
    }

    private static IEnumerable<string> Match(HostInventory inventory, string term)
    {
        if (term == "*")
        {
            return inventory.Hosts.Keys;
        }

        if (inventory.Groups.TryGetValue(term, out var group))
        {
            return group.Hosts;
        }

        if (inventory.Hosts.ContainsKey(term))
        {
            return [term];
        }

        var regex = ToRegex(term);
        if (regex is null)
        {
            return [];
        }

        try
        {
            var groupHosts = inventory.Groups.Values.Where(g => regex.IsMatch(g.Name)).SelectMany(g => g.Hosts);
            var hosts = inventory.Hosts.Keys.Where(h => regex.IsMatch(h));
            return groupHosts.Concat(hosts).ToArray();
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }
    }

    private static Regex? ToRegex(string term)
    {
        if (term.StartsWith('~'))
        {
            try
            {
                // Anchored at the start like Python's re.match, which Ansible uses.
                return new Regex($@"\A(?:{term[1..]})", RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        if (term.IndexOfAny(['*', '?']) < 0)
        {
            return null;
        }

        var glob = Regex.Escape(term).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal);
        return new Regex($"^{glob}$", RegexOptions.CultureInvariant, RegexTimeout);
    }
}
