using System.Text.RegularExpressions;

namespace ClusterWorkflows.Inventory.Model;

/// <summary>Naming rules shared by the YAML loader and the INI importer.</summary>
internal static partial class Names
{
    public const string AllGroup = "all";

    /// <summary>Host and group names: no pattern characters (<c>: , &amp; ! * ? [ ~</c>) so Select stays unambiguous.</summary>
    public static bool IsValidHostOrGroup(string name) => HostOrGroupRegex().IsMatch(name);

    /// <summary>Top-level variable names must be identifiers so expressions can write <c>vars.name</c>.</summary>
    public static bool IsValidVariable(string name) => VariableRegex().IsMatch(name);

    public static bool IsValidSecret(string name) => SecretRegex().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")]
    private static partial Regex HostOrGroupRegex();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableRegex();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}$")]
    private static partial Regex SecretRegex();
}
