using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterWorkflows.Inventory.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static ClusterWorkflows.Inventory.Yaml.YamlPositions;

namespace ClusterWorkflows.Inventory.Yaml;

/// <summary>Reads inventory YAML into a document, reporting every problem with its position.</summary>
internal sealed partial class InventoryYamlReader
{
    private static readonly string[] TopKeys = ["vars", "hosts", "groups", "knownHosts", "trustOnFirstUse"];
    private static readonly string[] HostKeys = ["address", "port", "user", "groups", "vars"];
    private static readonly string[] GroupKeys = ["vars", "children", "hosts"];

    private readonly ErrorList errors;
    private readonly YamlValueReader values;
    private readonly InventoryDocument document = new();

    private InventoryYamlReader(ErrorList errors)
    {
        this.errors = errors;
        values = new YamlValueReader(errors);
    }

    /// <summary>The document, or null when the YAML itself could not be read.</summary>
    public static InventoryDocument? Read(string yaml, ErrorList errors)
    {
        var root = LoadRoot(yaml, errors);
        if (root is null)
        {
            return null;
        }

        var reader = new InventoryYamlReader(errors);
        if (root is YamlScalarNode scalar && YamlScalars.ResolvePlain(scalar.Value ?? "") is null)
        {
            return reader.document;
        }

        if (root is not YamlMappingNode mapping)
        {
            errors.Add(At(root), $"an inventory is a mapping with the keys {Allowed(TopKeys)}");
            return null;
        }

        reader.ReadTop(mapping);
        return reader.document;
    }

    private static YamlNode? LoadRoot(string yaml, ErrorList errors)
    {
        var stream = new YamlStream();
        try
        {
            var parser = new DuplicateKeyGuardParser(new ClusterWorkflows.Yaml.NestingGuardParser(new Parser(new StringReader(yaml)), InventoryLimits.MaxNestingDepth, InventoryLimits.MaxAliases, "inventory"), (mark, message) => errors.Add(At(mark), message));
            stream.Load(parser);
        }
        catch (Exception ex) when (ex is YamlException or ArgumentException or InvalidOperationException)
        {
            var position = ex is YamlException yamlError ? At(yamlError.Start) : new Position(1, 1);
            errors.Add(position, "invalid YAML: " + MarkPrefix().Replace(ex.Message, ""));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlScalarNode("");
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(At(stream.Documents[1].RootNode), "only one YAML document is allowed in an inventory");
        }

        return stream.Documents[0].RootNode;
    }

    private void ReadTop(YamlMappingNode root)
    {
        foreach (var (keyNode, value) in root)
        {
            switch (KeyOf(keyNode))
            {
                case "vars":
                    ReadVars(value, document.Vars, "vars");
                    break;
                case "hosts":
                    foreach (var (name, node) in Entries(value, "hosts", "a mapping of host name: { address, ... }"))
                    {
                        document.Hosts.Add(ReadHost(name, node));
                    }

                    break;
                case "groups":
                    foreach (var (name, node) in Entries(value, "groups", "a mapping of group name: { vars, children, hosts }"))
                    {
                        document.Groups.Add(ReadGroup(name, node));
                    }

                    break;
                case "knownHosts":
                    document.KnownHosts = ReadText(value, "knownHosts");
                    break;
                case "trustOnFirstUse":
                    document.TrustOnFirstUse = ReadBool(value, "trustOnFirstUse");
                    break;
                case { } other:
                    errors.Add(At(keyNode), $"unknown key '{other}' (allowed: {Allowed(TopKeys)})");
                    break;
            }
        }
    }

    private HostDeclaration ReadHost(NameRef name, YamlNode node)
    {
        var host = new HostDeclaration(name.Name, name.Position);
        if (node is not YamlMappingNode && !IsEmpty(node))
        {
            host.Address = ""; // the shape error below says enough
        }

        foreach (var (keyNode, value) in Fields(node, $"host '{name.Name}'", HostKeys))
        {
            switch (KeyOf(keyNode))
            {
                case "address":
                    // "" (not null) once the key is present, so a bad value is not also reported as missing.
                    host.Address = ReadText(value, $"address of host '{name.Name}'") ?? "";
                    if (host.Address.Length > 0 && !AddressRule.IsValid(host.Address))
                    {
                        errors.Add(At(value), $"address '{host.Address}' of host '{name.Name}' is not an IP address or DNS name");
                    }

                    break;
                case "port":
                    host.Port = ReadPort(value, name.Name);
                    break;
                case "user":
                    host.User = ReadText(value, $"user of host '{name.Name}'");
                    break;
                case "groups":
                    host.Groups.AddRange(ReadNames(value, $"groups of host '{name.Name}'"));
                    break;
                case "vars":
                    ReadVars(value, host.Vars, $"vars of host '{name.Name}'");
                    break;
                case { } other:
                    errors.Add(At(keyNode), $"unknown key '{other}' in host '{name.Name}' (allowed: {Allowed(HostKeys)})");
                    break;
            }
        }

        return host;
    }

    private GroupDeclaration ReadGroup(NameRef name, YamlNode node)
    {
        var group = new GroupDeclaration(name.Name, name.Position);
        foreach (var (keyNode, value) in Fields(node, $"group '{name.Name}'", GroupKeys))
        {
            switch (KeyOf(keyNode))
            {
                case "vars":
                    ReadVars(value, group.Vars, $"vars of group '{name.Name}'");
                    break;
                case "children":
                    group.Children.AddRange(ReadNames(value, $"children of group '{name.Name}'"));
                    break;
                case "hosts":
                    group.Hosts.AddRange(ReadNames(value, $"hosts of group '{name.Name}'"));
                    break;
                case { } other:
                    errors.Add(At(keyNode), $"unknown key '{other}' in group '{name.Name}' (allowed: {Allowed(GroupKeys)})");
                    break;
            }
        }

        return group;
    }

    private void ReadVars(YamlNode node, JsonObject target, string what)
    {
        foreach (var (name, value) in Entries(node, what, "a mapping of variable name: value"))
        {
            if (!Names.IsValidVariable(name.Name))
            {
                errors.Add(name.Position, $"invalid variable name '{name.Name}' in {what} (must match ^[A-Za-z_][A-Za-z0-9_]*$)");
                continue;
            }

            target[name.Name] = values.Read(value);
        }
    }

    /// <summary>The entries of a mapping; an empty value (<c>key:</c>) has none.</summary>
    private IEnumerable<(NameRef Name, YamlNode Value)> Entries(YamlNode node, string what, string expected)
    {
        if (IsEmpty(node))
        {
            yield break;
        }

        if (node is not YamlMappingNode mapping)
        {
            errors.Add(At(node), $"'{what}' must be {expected}");
            yield break;
        }

        foreach (var (key, value) in mapping)
        {
            if (KeyOf(key) is { } name)
            {
                yield return (new NameRef(name, At(key)), value);
            }
        }
    }

    private IEnumerable<(YamlNode Key, YamlNode Value)> Fields(YamlNode node, string what, string[] allowed)
    {
        if (IsEmpty(node))
        {
            return [];
        }

        if (node is not YamlMappingNode mapping)
        {
            errors.Add(At(node), $"{what} must be a mapping with the keys {Allowed(allowed)}");
            return [];
        }

        return mapping.Select(p => (p.Key, p.Value));
    }

    private List<NameRef> ReadNames(YamlNode node, string what)
    {
        var names = new List<NameRef>();
        if (IsEmpty(node))
        {
            return names;
        }

        if (node is not YamlSequenceNode sequence)
        {
            errors.Add(At(node), $"{what} must be a list of names, e.g. [managers, etcd]");
            return names;
        }

        foreach (var item in sequence)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } name })
            {
                names.Add(new NameRef(name, At(item)));
            }
            else
            {
                errors.Add(At(item), $"{what}: each entry must be a name");
            }
        }

        return names;
    }

    private string? ReadText(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        errors.Add(At(node), $"{what} must be a non-empty text value");
        return null;
    }

    private int? ReadPort(YamlNode node, string host)
    {
        if (node is YamlScalarNode scalar && YamlScalars.ToJson(scalar, out _) is JsonValue value
            && value.TryGetValue<long>(out var port) && port is >= 1 and <= 65535)
        {
            return (int)port;
        }

        errors.Add(At(node), $"port of host '{host}' must be an integer from 1 to 65535");
        return null;
    }

    private bool? ReadBool(YamlNode node, string what)
    {
        if (node is YamlScalarNode scalar && YamlScalars.ToJson(scalar, out _) is JsonValue value && value.TryGetValue<bool>(out var flag))
        {
            return flag;
        }

        errors.Add(At(node), $"{what} must be true or false");
        return null;
    }

    private string? KeyOf(YamlNode key)
    {
        if (key is YamlScalarNode { Value: { } name })
        {
            return name;
        }

        errors.Add(At(key), "keys must be plain names");
        return null;
    }

    private static bool IsEmpty(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar && YamlScalars.ResolvePlain(scalar.Value ?? "") is null;

    private static string Allowed(string[] keys) => string.Join(", ", keys);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
