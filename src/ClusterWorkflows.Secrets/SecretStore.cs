using System.Text.RegularExpressions;
using ClusterWorkflows.Store;

namespace ClusterWorkflows.Secrets;

/// <summary>Named secrets, encrypted before they reach the repository; the name is the associated data.</summary>
public sealed partial class SecretStore(ISecretRepository repository, SecretProtector protector, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(value);
        var record = new SecretRecord(name, protector.Protect(value, name), time.GetUtcNow());
        await repository.SetSecretAsync(record, cancellationToken);
    }

    /// <summary>The plaintext, or null when no secret has that name.</summary>
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        var record = await repository.GetSecretAsync(name, cancellationToken);
        return record is null ? null : protector.Unprotect(record.Ciphertext, name);
    }

    public Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken) =>
        repository.ListSecretNamesAsync(cancellationToken);

    /// <summary>True when a secret was deleted.</summary>
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        return repository.DeleteSecretAsync(name, cancellationToken);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field unless the name is a valid secret name.</summary>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"Secret name '{name}' is invalid: it must start with a letter or '_' and contain only letters, digits, '_', '.' and '-'.",
                nameof(name));
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
