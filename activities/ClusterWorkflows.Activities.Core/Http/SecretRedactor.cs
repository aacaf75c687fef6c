namespace ClusterWorkflows.Activities.Core.Http;

/// <summary>Removes a secret from text the activity did not write itself (server replies, OS errors).</summary>
internal sealed class SecretRedactor(string? secret)
{
    public const string Mask = "***";

    public bool Contains(string? text) =>
        !string.IsNullOrEmpty(secret) && text is not null && text.Contains(secret, StringComparison.Ordinal);

    public string Redact(string text) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, Mask, StringComparison.Ordinal);
}
