using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ClusterWorkflows.Inventory.Model;

/// <summary>What a host address may be: an IPv4/IPv6 literal or a DNS name.</summary>
internal static partial class AddressRule
{
    public static bool IsValid(string address)
    {
        if (address.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;
        }

        return DnsNameRegex().IsMatch(address);
    }

    // Covers dotted IPv4 too; underscores are tolerated because lab DNS often has them.
    [GeneratedRegex(@"^(?=.{1,253}\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_\-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_\-]{0,61}[A-Za-z0-9_])?)*\.?$")]
    private static partial Regex DnsNameRegex();
}
