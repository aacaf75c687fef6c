namespace ClusterWorkflows.Lab;

/// <summary>One host as `cw lab status` reports it.</summary>
public sealed record HostStatus(string Name, string Ip, string Mac, string State, bool SshPortOpen);

/// <summary>The whole lab as `cw lab status` reports it.</summary>
public sealed record LabStatus(string Name, string Subnet, string LabDir, bool Up, IReadOnlyList<HostStatus> Hosts, IReadOnlyList<State.LabCut> Cuts)
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
    };

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, Json);
}
