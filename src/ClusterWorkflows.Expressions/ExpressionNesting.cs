namespace ClusterWorkflows.Expressions;

/// <summary>
/// Bounds how deeply an expression's brackets nest before the JavaScript parser, which recurses
/// once per level, sees it: 50,000 parentheses otherwise exhaust its stack guard (a 500 today).
/// The scan skips quoted strings only roughly (no template literals); whatever it misses is still
/// caught as <see cref="InsufficientExecutionStackException"/> by the callers.
/// </summary>
public static class ExpressionNesting
{
    /// <summary>Parentheses, brackets and braces nested deeper than this are refused.</summary>
    public const int MaxDepth = 100;

    /// <summary>Characters of an expression shown in a message.</summary>
    private const int Shown = 80;

    /// <summary>The problem, or null when <paramref name="code"/> nests at most <see cref="MaxDepth"/> levels.</summary>
    public static string? Check(string code)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
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

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '(' or '[' or '{' when ++depth > MaxDepth:
                    return TooDeep;
                case ')' or ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
            }
        }

        return null;
    }

    public static string TooDeep => $"nested more than {MaxDepth} levels deep";

    /// <summary>The start of a long expression, for messages (the whole text may be megabytes).</summary>
    public static string Abbreviate(string code) => code.Length <= Shown ? code : string.Concat(code.AsSpan(0, Shown), "…");
}
