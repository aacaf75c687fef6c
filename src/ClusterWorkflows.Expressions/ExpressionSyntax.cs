namespace ClusterWorkflows.Expressions;

/// <summary>Syntax checks for validation, without evaluating anything.</summary>
public static class ExpressionSyntax
{
    /// <summary>Returns the parser's message when <paramref name="code"/> is not a valid JavaScript expression.</summary>
    public static string? Check(string code)
    {
        if (ExpressionNesting.Check(code) is { } tooDeep)
        {
            return tooDeep;
        }

        try
        {
            // Strict, as the evaluator runs it: otherwise '010' or 'delete x' pass here and fail later.
            new Acornima.Parser().ParseExpression(code, sourceFile: null, strict: true);
            return null;
        }
        catch (Acornima.ParseErrorException ex)
        {
            return ex.Description;
        }
        catch (InsufficientExecutionStackException)
        {
            return ExpressionNesting.TooDeep;
        }
    }

    /// <summary>Checks every <c>${{ }}</c> in a template string.</summary>
    public static IReadOnlyList<string> CheckTemplate(string text)
    {
        if (!Template.TryParse(text, out var parts, out var error))
        {
            return [error!];
        }

        return parts.Where(p => p.IsExpression)
            .Select(p => Check(p.Text) is { } e ? $"invalid expression '{ExpressionNesting.Abbreviate(p.Text)}': {e}" : null)
            .OfType<string>()
            .ToList();
    }
}
