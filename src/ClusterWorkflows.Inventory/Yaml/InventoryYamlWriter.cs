using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Inventory.Json;
using ClusterWorkflows.Inventory.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ClusterWorkflows.Inventory.Yaml;

/// <summary>
/// Writes a document in the inventory YAML format: sections in a fixed order, hosts and groups
/// in declaration order, strings quoted whenever a plain scalar would read back as another type.
/// </summary>
internal sealed class InventoryYamlWriter
{
    private static readonly HashSet<string> Yaml11Booleans = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "yes", "n", "no", "on", "off",
    };

    private readonly IEmitter emitter;

    private InventoryYamlWriter(IEmitter emitter) => this.emitter = emitter;

    public static string Write(InventoryDocument document)
    {
        using var text = new StringWriter { NewLine = "\n" };
        var writer = new InventoryYamlWriter(new Emitter(text, bestIndent: 2, bestWidth: int.MaxValue));
        writer.WriteDocument(document);
        return text.ToString();
    }

    private void WriteDocument(InventoryDocument document)
    {
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        BeginMapping();
        if (document.Vars.Count > 0)
        {
            Key("vars");
            WriteVars(document.Vars);
        }

        if (document.Hosts.Count > 0)
        {
            Key("hosts");
            BeginMapping();
            foreach (var host in document.Hosts)
            {
                Key(host.Name);
                WriteHost(host);
            }

            EndMapping();
        }

        if (document.Groups.Count > 0)
        {
            Key("groups");
            BeginMapping();
            foreach (var group in document.Groups)
            {
                Key(group.Name);
                WriteGroup(group);
            }

            EndMapping();
        }

        if (document.KnownHosts is { } knownHosts)
        {
            Key("knownHosts");
            Text(knownHosts);
        }

        if (document.TrustOnFirstUse is { } trust)
        {
            Key("trustOnFirstUse");
            Plain(trust ? "true" : "false");
        }

        EndMapping();
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
    }

    private void WriteHost(HostDeclaration host)
    {
        BeginMapping();
        if (host.Address is { } address)
        {
            Key("address");
            Text(address);
        }

        if (host.Port is { } port)
        {
            Key("port");
            Plain(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (host.User is { } user)
        {
            Key("user");
            Text(user);
        }

        if (host.Groups.Count > 0)
        {
            Key("groups");
            NameList(host.Groups.Select(g => g.Name));
        }

        if (host.Vars.Count > 0)
        {
            Key("vars");
            WriteVars(host.Vars);
        }

        EndMapping();
    }

    private void WriteGroup(GroupDeclaration group)
    {
        // An empty group is written as {} so it still reads back as a mapping.
        var empty = group.Vars.Count == 0 && group.Children.Count == 0 && group.Hosts.Count == 0;
        BeginMapping(empty ? MappingStyle.Flow : MappingStyle.Block);
        if (group.Vars.Count > 0)
        {
            Key("vars");
            WriteVars(group.Vars);
        }

        if (group.Children.Count > 0)
        {
            Key("children");
            NameList(group.Children.Select(c => c.Name));
        }

        if (group.Hosts.Count > 0)
        {
            Key("hosts");
            NameList(group.Hosts.Select(h => h.Name));
        }

        EndMapping();
    }

    private void WriteVars(JsonObject vars)
    {
        BeginMapping();
        foreach (var (name, value) in vars)
        {
            Key(name);
            WriteValue(value);
        }

        EndMapping();
    }

    private void WriteValue(JsonNode? value)
    {
        switch (value)
        {
            case null:
                Plain("null");
                break;
            case JsonObject secret when SecretJson.TryGetName(secret, out var name):
                BeginMapping(MappingStyle.Flow);
                Key(SecretJson.Key);
                Text(name);
                EndMapping();
                break;
            case JsonObject obj:
                BeginMapping(obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block);
                foreach (var (key, item) in obj)
                {
                    Key(key);
                    WriteValue(item);
                }

                EndMapping();
                break;
            case JsonArray array:
                // Short lists of scalars read best inline: [a, b]; anything nested goes block style.
                var flow = array.All(i => i is null or JsonValue);
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, flow ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    WriteValue(item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue scalar:
                WriteScalar(scalar);
                break;
        }
    }

    private void WriteScalar(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                Text(value.GetValue<string>());
                break;
            case JsonValueKind.True:
                Plain("true");
                break;
            case JsonValueKind.False:
                Plain("false");
                break;
            case JsonValueKind.Number:
                Plain(value.ToJsonString());
                break;
            default:
                Plain("null");
                break;
        }
    }

    private void NameList(IEnumerable<string> names)
    {
        emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Flow));
        foreach (var name in names)
        {
            Text(name);
        }

        emitter.Emit(new SequenceEnd());
    }

    private void BeginMapping(MappingStyle style = MappingStyle.Block) =>
        emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, style));

    private void EndMapping() => emitter.Emit(new MappingEnd());

    private void Key(string name) => Text(name);

    /// <summary>
    /// A string: plain when it reads back as the same string, double-quoted otherwise ("20.10",
    /// "true", ""). YAML 1.1 booleans (yes, on, ...) are quoted too, for tools that still read 1.1.
    /// </summary>
    private void Text(string value)
    {
        var style = YamlScalars.ReadsBackAsString(value) && !Yaml11Booleans.Contains(value) && !value.Contains('\n', StringComparison.Ordinal)
            ? ScalarStyle.Plain
            : ScalarStyle.DoubleQuoted;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, true, true));
    }

    private void Plain(string value) => emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Plain, true, false));
}
