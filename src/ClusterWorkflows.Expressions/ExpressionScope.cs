using System.Text.Json.Nodes;

namespace ClusterWorkflows.Expressions;

/// <summary>
/// The names an expression can read (inputs, vars, steps, item, inventory, run, ...). Values are
/// JSON; secrets are resolved on demand through <see cref="SecretResolver"/> so only the secrets an
/// expression names are ever decrypted (and registered for redaction by the resolver).
/// </summary>
public sealed class ExpressionScope
{
    private readonly Dictionary<string, Func<JsonNode?>> values = new(StringComparer.Ordinal);

    public Func<string, string?>? SecretResolver { get; init; }

    public ExpressionScope Set(string name, JsonNode? value)
    {
        values[name] = () => value;
        return this;
    }

    public ExpressionScope SetLazy(string name, Func<JsonNode?> value)
    {
        values[name] = value;
        return this;
    }

    public IEnumerable<string> Names => values.Keys;

    public bool TryGet(string name, out JsonNode? value)
    {
        if (values.TryGetValue(name, out var f))
        {
            value = f();
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>A child scope sharing these values, with extra names (e.g. the forEach item).</summary>
    public ExpressionScope With(string name, JsonNode? value)
    {
        var child = new ExpressionScope { SecretResolver = SecretResolver };
        foreach (var (k, v) in values)
        {
            child.values[k] = v;
        }

        return child.Set(name, value);
    }
}
