using System.Globalization;
using System.Text.RegularExpressions;
using ClusterWorkflows.Inventory.Model;

namespace ClusterWorkflows.Inventory.Ansible;

/// <summary>
/// Reads an Ansible INI hosts file: <c>[group]</c>, <c>[group:vars]</c>, <c>[group:children]</c>,
/// hosts before any section (ungrouped), comments starting with <c>#</c> or <c>;</c>.
/// </summary>
internal sealed partial class AnsibleIniReader
{
    private const string Ungrouped = "ungrouped";

    private readonly ErrorList errors;
    private readonly IniInventory inventory = new();
    private SectionKind kind = SectionKind.Hosts;
    private string? group;
    private int expanded;

    private AnsibleIniReader(ErrorList errors) => this.errors = errors;

    private enum SectionKind
    {
        Hosts,
        Vars,
        Children,

        /// <summary>After a bad header: its lines are skipped rather than misfiled.</summary>
        Skipped,
    }

    public static IniInventory Read(string text, ErrorList errors)
    {
        var reader = new AnsibleIniReader(errors);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            reader.ReadLine(lines[i].TrimEnd('\r'), i + 1);
        }

        return reader.inventory;
    }

    private void ReadLine(string line, int number)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
        {
            return;
        }

        var at = new Position(number, line.Length - line.TrimStart().Length + 1);
        if (trimmed[0] == '[' && !LooksLikeHostRange(trimmed))
        {
            ReadHeader(trimmed, at);
            return;
        }

        switch (kind)
        {
            case SectionKind.Hosts:
                ReadHostLine(line, number);
                break;
            case SectionKind.Vars:
                ReadVariableLine(trimmed, at);
                break;
            case SectionKind.Children:
                ReadChildLine(line, number);
                break;
        }
    }

    // "[a:c]host" would be a host pattern; a header is a bracketed name at the end of the line.
    private static bool LooksLikeHostRange(string line) => !HeaderRegex().IsMatch(line) && !line.TrimEnd().EndsWith(']');

    private void ReadHeader(string line, Position at)
    {
        var match = HeaderRegex().Match(line);
        if (!match.Success)
        {
            errors.Add(at, $"invalid section header '{line}' (expected [group], [group:vars] or [group:children])");
            kind = SectionKind.Skipped;
            group = null;
            return;
        }

        var name = match.Groups["name"].Value;
        var suffix = match.Groups["kind"].Value;
        kind = suffix switch
        {
            "" => SectionKind.Hosts,
            "vars" => SectionKind.Vars,
            "children" => SectionKind.Children,
            _ => SectionKind.Skipped,
        };
        if (suffix is not ("" or "vars" or "children"))
        {
            errors.Add(at, $"unknown section kind ':{suffix}' (allowed: [{name}], [{name}:vars], [{name}:children])");
        }

        group = name is Names.AllGroup or Ungrouped ? null : name;
        if (group is not null)
        {
            EnsureGroup(group, at with { Column = at.Column + 1 });
        }
        else if (name == Ungrouped && kind is SectionKind.Vars or SectionKind.Children)
        {
            errors.Add(at, $"[{Ungrouped}:{suffix}] is not supported; put the hosts in a named group");
            kind = SectionKind.Skipped;
        }
    }

    private void ReadHostLine(string line, int number)
    {
        var tokens = IniText.Split(line, out var error);
        if (error is not null)
        {
            errors.Add(new Position(number, 1), error);
            return;
        }

        if (tokens.Count == 0)
        {
            return;
        }

        var hostToken = tokens[0];
        var at = new Position(number, hostToken.Column);
        var pattern = SplitPort(hostToken.Text, out var port);
        var names = HostRangeExpander.Expand(pattern, out var rangeError);
        if (names is null)
        {
            errors.Add(at, rangeError!);
            return;
        }

        // Each line's ranges are bounded; many lines of them must be too (100 lines of 10,000 hosts).
        var before = expanded;
        expanded += names.Count;
        if (expanded > InventoryLimits.MaxExpandedHosts)
        {
            if (before <= InventoryLimits.MaxExpandedHosts)
            {
                errors.Add(at, $"the host lines expand to more than {InventoryLimits.MaxExpandedHosts} hosts in all; the rest of the file is not read");
            }

            return;
        }

        var variables = new List<(string Name, IniVariable Variable)>();
        foreach (var token in tokens.Skip(1))
        {
            if (ReadAssignment(token.Text, new Position(number, token.Column)) is { } assignment)
            {
                variables.Add(assignment);
            }
        }

        foreach (var name in names)
        {
            var host = EnsureHost(name, at);
            host.PortFromName = port ?? host.PortFromName;
            if (group is not null && !host.Groups.Any(g => g.Name == group))
            {
                host.Groups.Add(new NameRef(group, at));
            }

            foreach (var (key, variable) in variables)
            {
                host.Vars[key] = variable;
            }
        }
    }

    private (string Name, IniVariable Variable)? ReadAssignment(string token, Position at)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            // The token is left out of the message: it may be a password missing its key.
            errors.Add(at, "expected key=value after the host name");
            return null;
        }

        var key = token[..equals];
        if (!Names.IsValidVariable(key))
        {
            errors.Add(at, $"invalid variable name '{key}' (must match ^[A-Za-z_][A-Za-z0-9_]*$)");
            return null;
        }

        return (key, new IniVariable(AnsibleValue.Parse(token[(equals + 1)..]), at));
    }

    private void ReadVariableLine(string line, Position at)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            errors.Add(at, "expected key=value in a :vars section");
            return;
        }

        var key = line[..equals].Trim();
        if (!Names.IsValidVariable(key))
        {
            errors.Add(at, $"invalid variable name '{key}' (must match ^[A-Za-z_][A-Za-z0-9_]*$)");
            return;
        }

        var value = AnsibleValue.Parse(IniText.StripComment(line[(equals + 1)..]).Trim());
        var target = group is null ? inventory.Vars : inventory.Groups[group].Vars;
        target[key] = new IniVariable(value, at);
    }

    private void ReadChildLine(string line, int number)
    {
        var tokens = IniText.Split(line, out _);
        if (tokens.Count == 0)
        {
            return;
        }

        var at = new Position(number, tokens[0].Column);
        if (tokens.Count > 1)
        {
            errors.Add(new Position(number, tokens[1].Column), "a :children section lists one group name per line");
        }

        var child = tokens[0].Text;
        if (child is Names.AllGroup or Ungrouped)
        {
            errors.Add(at, $"'{child}' cannot be a child group");
            return;
        }

        EnsureGroup(child, at);
        if (group is not null && !inventory.Groups[group].Children.Any(c => c.Name == child))
        {
            inventory.Groups[group].Children.Add(new NameRef(child, at));
        }
    }

    private IniHost EnsureHost(string name, Position at)
    {
        if (!inventory.Hosts.TryGetValue(name, out var host))
        {
            host = new IniHost(name, at);
            inventory.Hosts[name] = host;
        }

        return host;
    }

    private void EnsureGroup(string name, Position at)
    {
        if (!inventory.Groups.ContainsKey(name))
        {
            inventory.Groups[name] = new IniGroup(name, at);
        }
    }

    /// <summary>"web1:2222" → web1 and port 2222; a colon inside a range bracket is not a port.</summary>
    private static string SplitPort(string pattern, out int? port)
    {
        port = null;
        var colon = pattern.LastIndexOf(':');
        if (colon < 0 || colon < pattern.LastIndexOf(']'))
        {
            return pattern;
        }

        if (int.TryParse(pattern[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 65535)
        {
            port = value;
            return pattern[..colon];
        }

        return pattern;
    }

    [GeneratedRegex(@"^\[(?<name>[^\]:\s]+)(?::(?<kind>[A-Za-z]+))?\]\s*(?:[#;].*)?$")]
    private static partial Regex HeaderRegex();
}
