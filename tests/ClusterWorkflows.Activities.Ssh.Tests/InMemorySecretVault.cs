using System.Collections.Concurrent;
using ClusterWorkflows.Sdk;

namespace ClusterWorkflows.Activities.Ssh.Tests;

public sealed class InMemorySecretVault(IDictionary<string, string> values) : ISecretVault
{
    private readonly ConcurrentDictionary<string, string> secrets = new(values);

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(secrets.TryGetValue(name, out var v) ? v : null);

    public Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        secrets[name] = value;
        return Task.CompletedTask;
    }
}
