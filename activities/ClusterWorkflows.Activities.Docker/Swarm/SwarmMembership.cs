using System.Net;
using ClusterWorkflows.Sdk;
using Docker.DotNet.Models;

namespace ClusterWorkflows.Activities.Docker.Swarm;

/// <summary>What <c>GET /info</c> says about this node's place in a swarm.</summary>
internal sealed record SwarmMembership(string State, bool IsManager, string NodeId, string NodeAddress, string ClusterId, IReadOnlyList<string> ManagerAddresses)
{
    public bool Active => State == "active";

    public bool Inactive => State is "inactive" or "";

    public string Role => IsManager ? "manager" : "worker";

    public static SwarmMembership From(SystemInfoResponse info)
    {
        var swarm = info.Swarm ?? new Info();
        return new SwarmMembership(
            swarm.LocalNodeState ?? "",
            swarm.ControlAvailable,
            swarm.NodeID ?? "",
            swarm.NodeAddr ?? "",
            swarm.Cluster?.ID ?? "",
            (swarm.RemoteManagers ?? []).Select(p => p.Addr ?? "").Where(a => a.Length > 0).ToList());
    }

    /// <summary>pending/error/locked need a human or time; they are not states this activity can act from.</summary>
    public ActivityException Unusable(string host) => State switch
    {
        "pending" => new ActivityException("docker.swarm-pending", $"{host}: the node is still joining a swarm (LocalNodeState pending); try again shortly"),
        "locked" => new NonRetryableActivityException("docker.swarm-locked", $"{host}: the swarm is locked (autolock); unlock it with its unlock key first"),
        _ => new NonRetryableActivityException("docker.swarm-error", $"{host}: the node's swarm state is '{State}'"),
    };

    public static void RequireIp(string value, string field)
    {
        if (!IPAddress.TryParse(value, out _))
        {
            throw new NonRetryableActivityException("docker.bad-input", $"{field}: '{value}' is not an IP address");
        }
    }

    /// <summary>host:port with a port; IPv6 hosts in brackets.</summary>
    public static void RequireHostPort(string value, string field)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new NonRetryableActivityException("docker.bad-input", $"{field}: '{value}' is not host:port (e.g. 10.77.0.11:2377)");
        }
    }

    /// <summary>The address part of host:port (for comparing advertised addresses).</summary>
    public static string HostOf(string address)
    {
        var colon = address.LastIndexOf(':');
        return (colon > 0 && !address.EndsWith(']') ? address[..colon] : address).Trim('[', ']');
    }
}
