namespace ClusterWorkflows.Inventory.Ansible;

/// <summary>Which INI variables hold credentials and must not be imported in clear.</summary>
internal static class SecretVariables
{
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "ansible_password", "ansible_ssh_pass", "ansible_ssh_password", "ansible_become_password",
        "ansible_become_pass", "ansible_sudo_pass", "ansible_sudo_password", "ansible_su_pass",
        "password", "passwd", "secret", "token",
    };

    private static readonly string[] Suffixes = ["_password", "_passwd", "_pass", "_secret", "_token", "_key"];

    public static bool IsSecretName(string name) =>
        Known.Contains(name) || Suffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    public static bool IsKeyFile(string name) =>
        name.Equals("ansible_ssh_private_key_file", StringComparison.OrdinalIgnoreCase)
        || name.Equals("ansible_private_key_file", StringComparison.OrdinalIgnoreCase);
}
