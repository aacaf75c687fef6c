using System.Text.Json.Nodes;

namespace ClusterWorkflows.Expressions;

/// <summary>A piece of a template string: literal text or the code of one <c>${{ }}</c>.</summary>
public readonly record struct TemplatePart(bool IsExpression, string Text, int Offset);

/// <summary>
/// Splits strings into literal and <c>${{ code }}</c> parts. Hand-written: the delimiters are our
/// format's, and the scanner must skip <c>}}</c> inside JavaScript string literals.
/// </summary>
public static class Template
{
    public const string Open = "${{";
    public const string Close = "}}";

    public static bool ContainsExpression(string? text) =>
        text is not null && text.Contains(Open, StringComparison.Ordinal);

    public static bool IsExpressionNode(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && ContainsExpression(s);

    /// <summary>True when the whole string is one expression, so its value keeps its JSON type.</summary>
    public static bool IsSingleExpression(string text, out string code)
    {
        code = "";
        if (!TryParse(text, out var parts, out _) || parts.Count != 1 || !parts[0].IsExpression)
        {
            return false;
        }

        code = parts[0].Text;
        return true;
    }

    public static bool TryParse(string text, out List<TemplatePart> parts, out string? error)
    {
        parts = [];
        error = null;
        var i = 0;
        var trimmed = text.Trim();
        var lead = text.IndexOf(trimmed, StringComparison.Ordinal);
        if (trimmed.StartsWith(Open, StringComparison.Ordinal) && trimmed.EndsWith(Close, StringComparison.Ordinal)
            && FindClose(trimmed, Open.Length) == trimmed.Length - Close.Length
            && trimmed[Open.Length..^Close.Length].Trim() is { Length: > 0 } lone)
        {
            // A lone expression surrounded by whitespace is still typed: "  ${{ 3 }} " yields 3.
            // An empty one falls through to the scan below, which reports it.
            parts.Add(new TemplatePart(true, lone, lead + Open.Length));
            return true;
        }

        while (i < text.Length)
        {
            var start = text.IndexOf(Open, i, StringComparison.Ordinal);
            if (start < 0)
            {
                parts.Add(new TemplatePart(false, text[i..], i));
                break;
            }

            if (start > i)
            {
                parts.Add(new TemplatePart(false, text[i..start], i));
            }

            var end = FindClose(text, start + Open.Length);
            if (end < 0)
            {
                error = $"unterminated expression starting at offset {start}: missing '}}}}'";
                return false;
            }

            var code = text[(start + Open.Length)..end].Trim();
            if (code.Length == 0)
            {
                error = $"empty expression at offset {start}";
                return false;
            }

            parts.Add(new TemplatePart(true, code, start + Open.Length));
            i = end + Close.Length;
        }

        return true;
    }

    /// <summary>
    /// The index of the <c>}}</c> ending the code that starts at <paramref name="from"/>, skipping
    /// string literals and the braces of the code itself (<c>({a: {b: 1}})</c>, block bodies).
    /// </summary>
    private static int FindClose(string text, int from)
    {
        char quote = '\0';
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c is '\'' or '"' or '`')
            {
                quote = c;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth == 0 && i + 1 < text.Length && text[i + 1] == '}')
            {
                return i;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
        }

        return -1;
    }
}
