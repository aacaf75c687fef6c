namespace ClusterWorkflows.Activities.Pki.Crypto;

/// <summary>Where the activities keep certificates and keys in the run's secret vault.</summary>
internal static class SecretNames
{
    /// <summary>Used by [RegularExpression] on the inputs that become part of a secret name.</summary>
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

    public static string CaKey(string ca) => $"pki.{ca}.ca.key";

    public static string CaCertificate(string ca) => $"pki.{ca}.ca.crt";

    public static string LeafKey(string ca, string commonName) => $"pki.{ca}.{commonName}.key";

    public static string LeafCertificate(string ca, string commonName) => $"pki.{ca}.{commonName}.crt";
}
