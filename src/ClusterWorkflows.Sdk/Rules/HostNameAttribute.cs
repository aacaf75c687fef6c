using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ClusterWorkflows.Sdk;

/// <summary>
/// A DNS host name or an IP address (no port, no brackets, no IPv6 zone). Only letters, digits,
/// '.', ':' and '-' can pass, so the value is also safe to place in a shell command line. The
/// schema gets the <c>pattern</c> (what editors can check) and <c>x-format: host</c> (the IPv6
/// part of the pattern is loose; the binder and <c>cw validate</c> parse it).
/// </summary>
public sealed partial class HostNameAttribute() : InputRuleAttribute("must be a host name or an IP address")
{
    public const string Pattern =
        @"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$";

    public const string Format = "host";

    public override void Describe(JsonObject schema)
    {
        Keyword(schema, "pattern", Pattern);
        Keyword(schema, "x-format", Format);
    }

    /// <summary>The one check, used by the binder and by the validator on literal values.</summary>
    public static bool IsHost(string text) =>
        text.Length is > 0 and <= 253
        && HostPattern().IsMatch(text)
        && (!text.Contains(':', StringComparison.Ordinal)
            || (IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6));

    protected override bool Accepts(object value) => value is string s && IsHost(s);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
