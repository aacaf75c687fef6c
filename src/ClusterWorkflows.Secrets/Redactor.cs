using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterWorkflows.Secrets;

/// <summary>
/// Masks known secret values in text and JSON before anything is logged, journaled or returned. Thread-safe:
/// writers swap an immutable snapshot, readers never lock.
/// </summary>
public sealed class Redactor
{
    public const string Mask = "***";

    /// <summary>
    /// Shorter (and blank) values are ignored: masking "on" or "123" would shred every log line, and the
    /// pattern of what got masked would itself reveal the value.
    /// </summary>
    public const int MinimumLength = 4;

    // Encoded forms shorter than this are skipped: a few base64 characters match ordinary text too often.
    private const int MinimumEncodedLength = 6;

    private readonly Lock gate = new();
    private readonly HashSet<string> all = new(StringComparer.Ordinal);
    private volatile string[] patterns = [];

    public bool IsEmpty => patterns.Length == 0;

    /// <summary>Registers a value to mask, with its base64, URL and JSON-string encodings.</summary>
    public void Add(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length < MinimumLength)
        {
            return;
        }

        lock (gate)
        {
            var changed = false;
            foreach (var form in Forms(secret))
            {
                changed |= all.Add(form);
            }

            if (changed)
            {
                // Longest first, so a secret containing another is masked whole rather than leaving its remainder.
                patterns = [.. all.OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal)];
            }
        }
    }

    public string Redact(string text)
    {
        var current = patterns;
        if (current.Length == 0 || string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var pattern in current)
        {
            if (text.Contains(pattern, StringComparison.Ordinal))
            {
                text = text.Replace(pattern, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>A deep copy with every string value redacted (property names are kept).</summary>
    public JsonNode? Redact(JsonNode? node) => IsEmpty ? node?.DeepClone() : RedactNode(node);

    private JsonNode? RedactNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => RedactObject(obj),
        JsonArray array => new JsonArray([.. array.Select(RedactNode)]),
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(Redact(text)),
        _ => node.DeepClone(),
    };

    private JsonObject RedactObject(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in obj)
        {
            copy[name] = RedactNode(value);
        }

        return copy;
    }

    private static IEnumerable<string> Forms(string secret)
    {
        yield return secret;

        var escaped = Uri.EscapeDataString(secret);
        if (escaped != secret)
        {
            yield return escaped;
        }

        // Serialized JSON escapes quotes, backslashes and non-ASCII characters.
        var json = JsonEncodedText.Encode(secret).Value;
        if (json != secret)
        {
            yield return json;
        }

        var bytes = Encoding.UTF8.GetBytes(secret);
        for (var offset = 0; offset < 3; offset++)
        {
            if (Base64Core(bytes, offset) is { Length: >= MinimumEncodedLength } core)
            {
                yield return core;
            }
        }
    }

    /// <summary>
    /// The base64 characters that depend only on the secret when it sits <paramref name="offset"/> bytes into an
    /// encoded blob (e.g. the password in <c>Authorization: Basic base64(user:password)</c>); the characters
    /// shared with neighbouring bytes are left out, so the mask works whatever surrounds the secret.
    /// </summary>
    private static string? Base64Core(byte[] secret, int offset)
    {
        var padded = new byte[offset + secret.Length];
        secret.CopyTo(padded, offset);
        var encoded = Convert.ToBase64String(padded);
        var first = ((offset * 8) + 5) / 6;
        var end = (offset + secret.Length) * 8 / 6;
        return end > first ? encoded[first..end] : null;
    }
}
