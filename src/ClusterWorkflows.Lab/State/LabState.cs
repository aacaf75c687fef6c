using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterWorkflows.Lab.State;

/// <summary>What <c>up</c> built, written to state.json in the lab directory.</summary>
public sealed record LabState(string Name, string Subnet, string LabDir, string Image, DateTimeOffset CreatedAt, IReadOnlyList<LabHost> Hosts, IReadOnlyList<LabCut> Cuts, IReadOnlyList<string>? Images = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static LabState? Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<LabState>(File.ReadAllText(path), Json) : null;

    public void Save(string path)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, ToJson());
        File.Move(tmp, path, overwrite: true);
    }

    public LabHost Host(string name) =>
        Hosts.FirstOrDefault(h => h.Name == name)
        ?? throw new ArgumentException($"unknown lab host '{name}' (hosts: {string.Join(", ", Hosts.Select(h => h.Name))})");
}

/// <summary>One host container: its inventory name, IP, fixed MAC and position (which names its veth).</summary>
public sealed record LabHost(string Name, int Index, string Ip, string Mac);

/// <summary>Traffic between two hosts is dropped on the switch.</summary>
public sealed record LabCut(string A, string B);
