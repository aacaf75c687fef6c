using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ClusterWorkflows.Inventory.Ansible;

/// <summary>
/// Types an INI value: quoted text is a string, true/false (any case) a boolean, a plain integer
/// a number; everything else stays a string. Decimals stay strings on purpose: docker_version=20.10
/// must not become the number 20.1.
/// </summary>
internal static partial class AnsibleValue
{
    public static JsonNode? Parse(string raw)
    {
        if (raw.Contains('"', StringComparison.Ordinal) || raw.Contains('\'', StringComparison.Ordinal))
        {
            return JsonValue.Create(Unquote(raw));
        }

        if (raw.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return JsonValue.Create(true);
        }

        if (raw.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return JsonValue.Create(false);
        }

        if (IntegerRegex().IsMatch(raw) && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(raw);
    }

    /// <summary>Removes quotes like a shell: <c>"a b"</c> → a b, <c>pre'x y'</c> → prex y.</summary>
    private static string Unquote(string raw)
    {
        var text = new StringBuilder(raw.Length);
        var quote = '\0';
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (quote == '\0' && c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = '\0';
            }
            else if (quote == '"' && c == '\\' && i + 1 < raw.Length)
            {
                text.Append(raw[++i]);
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    // Leading zeros (0755) stay strings, as in Ansible.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)$")]
    private static partial Regex IntegerRegex();
}
