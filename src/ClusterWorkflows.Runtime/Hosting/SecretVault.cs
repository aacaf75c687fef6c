using ClusterWorkflows.Sdk;
using ClusterWorkflows.Secrets;

namespace ClusterWorkflows.Runtime.Hosting;

/// <summary>The engine's <see cref="SecretStore"/> as one run's activities see it: every value is redacted in that run.</summary>
public sealed class RunSecretVault(SecretStore store, Redactor redactor) : ISecretVault
{
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var value = await store.GetAsync(name, cancellationToken);
        if (value is not null)
        {
            redactor.Add(value);
        }

        return value;
    }

    public Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        redactor.Add(value);
        return store.SetAsync(name, value, cancellationToken);
    }
}
