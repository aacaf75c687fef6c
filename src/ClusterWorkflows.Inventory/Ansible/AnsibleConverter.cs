using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterWorkflows.Inventory.Json;
using ClusterWorkflows.Inventory.Model;

namespace ClusterWorkflows.Inventory.Ansible;

/// <summary>
/// Maps an INI inventory onto our document: ansible_host/port/user become host fields, a group-level
/// ansible_user becomes ssh_user, credentials become secret references with a warning.
/// </summary>
internal sealed class AnsibleConverter(ErrorList errors)
{
    public const string PortVariable = "ansible_port";
    private static readonly string[] HostAliases = ["ansible_host", "ansible_ssh_host"];
    private static readonly string[] PortAliases = [PortVariable, "ansible_ssh_port"];
    private static readonly string[] UserAliases = ["ansible_user", "ansible_ssh_user"];
    private readonly HashSet<string> warnedSecrets = new(StringComparer.Ordinal);
    private readonly List<(int Line, string Message)> warnings = [];

    /// <summary>Warnings in file order, each starting with file:line.</summary>
    public IReadOnlyList<string> Warnings => warnings.OrderBy(w => w.Line).Select(w => $"{errors.File}:{w.Line}: {w.Message}").ToArray();

    /// <summary>
    /// The document. Group and global ansible_port values are left in the variables as
    /// <see cref="PortVariable"/> so the importer can apply them by precedence, then remove them.
    /// </summary>
    public InventoryDocument Convert(IniInventory ini)
    {
        var document = new InventoryDocument();
        ConvertScope(ini.Vars, document.Vars, Names.AllGroup, "[all:vars]");
        foreach (var iniGroup in ini.Groups.Values)
        {
            var group = new GroupDeclaration(iniGroup.Name, iniGroup.Position);
            group.Children.AddRange(iniGroup.Children);
            ConvertScope(iniGroup.Vars, group.Vars, iniGroup.Name, $"group '{iniGroup.Name}'");
            document.Groups.Add(group);
        }

        foreach (var iniHost in ini.Hosts.Values)
        {
            document.Hosts.Add(ConvertHost(iniHost));
        }

        return document;
    }

    private HostDeclaration ConvertHost(IniHost ini)
    {
        var host = new HostDeclaration(ini.Name, ini.Position) { Address = ini.Name, Port = ini.PortFromName };
        host.Groups.AddRange(ini.Groups);
        foreach (var (name, variable) in ini.Vars)
        {
            if (HostAliases.Contains(name))
            {
                host.Address = ReadAddress(variable, ini.Name);
            }
            else if (PortAliases.Contains(name))
            {
                host.Port = ReadPort(variable, $"host '{ini.Name}'") ?? host.Port;
            }
            else if (UserAliases.Contains(name))
            {
                host.User = Text(variable.Value);
            }
            else
            {
                host.Vars[name] = ConvertVariable(name, variable, ini.Name, $"host '{ini.Name}'");
            }
        }

        if (!AddressRule.IsValid(host.Address!) && !ini.Vars.Keys.Any(HostAliases.Contains))
        {
            errors.Add(ini.Position, $"host name '{ini.Name}' is not an address; add ansible_host=ADDRESS");
        }

        return host;
    }

    private void ConvertScope(OrderedDictionary<string, IniVariable> source, JsonObject target, string owner, string description)
    {
        foreach (var (name, variable) in source)
        {
            if (UserAliases.Contains(name))
            {
                // Hosts without a user fall back to the merged ssh_user variable.
                target["ssh_user"] = Text(variable.Value);
            }
            else if (PortAliases.Contains(name))
            {
                if (ReadPort(variable, description) is { } port)
                {
                    target[PortVariable] = port;
                }
            }
            else
            {
                target[name] = ConvertVariable(name, variable, owner, description);
            }
        }
    }

    private JsonNode? ConvertVariable(string name, IniVariable variable, string owner, string description)
    {
        var value = variable.Value;
        var line = variable.Position.Line;
        if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String
            && text.GetValue<string>().Contains("{{", StringComparison.Ordinal))
        {
            warnings.Add((line, $"'{name}' of {description} is a Jinja template; it was kept as text and is not evaluated"));
            return value?.DeepClone();
        }

        if (SecretVariables.IsKeyFile(name))
        {
            warnings.Add((line, $"'{name}' of {description} was kept as a plain path; cw reads SSH keys from the secret store: "
                + "run `cw secret set NAME` with the key and set the variable ssh_key: { secret: NAME }"));
        }

        if (!SecretVariables.IsSecretName(name) || value is null || IsBoolean(value) || Text(value) == "")
        {
            return value?.DeepClone();
        }

        var secret = $"{owner}_{name}";
        if (warnedSecrets.Add(secret))
        {
            warnings.Add((line, $"'{name}' of {description} was not imported in clear; it now refers to the secret '{secret}'. "
                + $"Store its value with: cw secret set {secret}"));
        }

        return SecretJson.Reference(secret);
    }

    private string? ReadAddress(IniVariable variable, string host)
    {
        var address = Text(variable.Value);
        if (address is null || !AddressRule.IsValid(address))
        {
            errors.Add(variable.Position, $"ansible_host of host '{host}' is not an IP address or DNS name");
        }

        return address;
    }

    private int? ReadPort(IniVariable variable, string description)
    {
        if (variable.Value is JsonValue value && value.TryGetValue<long>(out var port) && port is >= 1 and <= 65535)
        {
            return (int)port;
        }

        errors.Add(variable.Position, $"ansible_port of {description} must be an integer from 1 to 65535");
        return null;
    }

    private static bool IsBoolean(JsonNode value) => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    private static string? Text(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
