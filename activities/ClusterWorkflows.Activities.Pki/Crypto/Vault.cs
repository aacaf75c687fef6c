using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Pki.Crypto;

internal static class Vault
{
    /// <summary>Keys must never fall back to outputs or files: without a vault there is nowhere safe to keep them.</summary>
    public static ISecretVault Require(ActivityContext context) =>
        context.Secrets ?? throw new NonRetryableActivityException(
            "pki.no-vault", "no secret vault is available to this run; the PKI activities keep private keys only in the vault");
}
