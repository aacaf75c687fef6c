namespace ClusterWorkflows.Inventory.Ansible;

/// <summary>One word of a host line: its text as written (quotes kept) and 1-based column.</summary>
internal sealed record IniToken(string Text, int Column);

/// <summary>
/// Splits INI lines the way Ansible's shlex does for the cases real hosts files contain: words
/// separated by blanks, quotes group blanks, <c>#</c> at the start of a word begins a comment.
/// </summary>
internal static class IniText
{
    public static List<IniToken> Split(string line, out string? error)
    {
        error = null;
        var tokens = new List<IniToken>();
        var current = new System.Text.StringBuilder();
        var start = 0;
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                current.Append(c);
                if (c == '\\' && quote == '"' && i + 1 < line.Length)
                {
                    current.Append(line[++i]);
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                Flush();
                continue;
            }

            if (c == '#' && current.Length == 0)
            {
                break;
            }

            if (current.Length == 0)
            {
                start = i;
            }

            if (c is '"' or '\'')
            {
                quote = c;
            }

            current.Append(c);
        }

        if (quote != '\0')
        {
            error = $"unterminated {quote} quote";
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(new IniToken(current.ToString(), start + 1));
                current.Clear();
            }
        }
    }

    /// <summary>The text before a <c>#</c> comment that follows a blank and is outside quotes.</summary>
    public static string StripComment(string text)
    {
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(text[i - 1])))
            {
                return text[..i];
            }
        }

        return text;
    }
}
