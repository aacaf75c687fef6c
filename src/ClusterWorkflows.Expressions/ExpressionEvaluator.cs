using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace ClusterWorkflows.Expressions;

/// <summary>
/// Evaluates <c>${{ }}</c> code with Jint, sandboxed: no CLR access, strict mode, and limits on
/// time, memory, statements and recursion. Values cross the boundary as JSON only.
/// </summary>
public sealed partial class ExpressionEvaluator(ExpressionLimits? limits = null)
{
    private readonly ExpressionLimits limits = limits ?? ExpressionLimits.Default;

    // A name preceded by a lone '.' is a member (x.inputs); after a spread ('...inputs') it is a reference.
    [GeneratedRegex(@"(?<![\w$])(?<!(?<!\.)\.)([A-Za-z_$][\w$]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?<![\w$])(?<!(?<!\.)\.)secrets\s*(?:\??\.\s*([A-Za-z_$][\w$]*)|(?:\?\.)?\[\s*['""]([^'""]+)['""]\s*\])", RegexOptions.CultureInvariant)]
    private static partial Regex SecretReference();

    /// <summary>Renders every string in <paramref name="template"/>; a string that is exactly one expression keeps the expression's JSON type.</summary>
    public JsonNode? Render(JsonNode? template, ExpressionScope scope) => template switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Render(p.Value, scope)))),
        JsonArray a => new JsonArray(a.Select(n => Render(n, scope)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => RenderString(s, scope),
        _ => template?.DeepClone(),
    };

    public JsonNode? RenderString(string text, ExpressionScope scope)
    {
        if (!Template.ContainsExpression(text))
        {
            return JsonValue.Create(text);
        }

        if (!Template.TryParse(text, out var parts, out var error))
        {
            throw new ExpressionException($"bad expression in '{text}': {error}");
        }

        if (parts.Count == 1 && parts[0].IsExpression)
        {
            return Evaluate(parts[0].Text, scope);
        }

        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            sb.Append(part.IsExpression ? ToText(Evaluate(part.Text, scope)) : part.Text);
        }

        return JsonValue.Create(sb.ToString());
    }

    /// <summary>Evaluates a condition; JavaScript truthiness decides.</summary>
    public bool EvaluateCondition(string codeOrTemplate, ExpressionScope scope)
    {
        var code = Template.IsSingleExpression(codeOrTemplate, out var inner) ? inner : codeOrTemplate;

        // Decided on the JavaScript value: its JSON form loses truthiness (Infinity becomes null).
        return Run(code, scope, static (_, value) => TypeConverter.ToBoolean(value));
    }

    public JsonNode? Evaluate(string code, ExpressionScope scope) => Run(code, scope, ToNode);

    private T Run<T>(string code, ExpressionScope scope, Func<Engine, JsValue, T> convert)
    {
        if (ExpressionNesting.Check(code) is { } tooDeep)
        {
            throw new ExpressionException($"expression '{ExpressionNesting.Abbreviate(code)}' is invalid: {tooDeep}");
        }

        var engine = new Engine(options =>
        {
            options.Strict();
            options.TimeoutInterval(limits.Timeout);
            options.LimitMemory(limits.MemoryBytes);
            options.MaxStatements(limits.MaxStatements);
            options.LimitRecursion(limits.MaxRecursion);
        });
        try
        {
            var parser = new Jint.Native.Json.JsonParser(engine);
            var used = Identifier().Matches(code).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            foreach (var name in scope.Names)
            {
                if (used.Contains(name) && scope.TryGet(name, out var value))
                {
                    engine.SetValue(name, parser.Parse(value?.ToJsonString() ?? "null"));
                }
            }

            if (used.Contains("secrets"))
            {
                engine.SetValue("secrets", parser.Parse(Secrets(code, scope).ToJsonString()));
            }

            AllocationGuards.Install(engine, limits.MemoryBytes);

            // Jint checks memory between statements, so a program whose last call allocates too much
            // ends before any check sees it: measure the whole evaluation once more at the end.
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var result = engine.Evaluate(code);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (allocated > limits.MemoryBytes)
            {
                throw new ExpressionException($"expression '{code}' exceeded its sandbox limits (allocated {allocated} bytes, limit {limits.MemoryBytes})");
            }

            return convert(engine, result);
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (JavaScriptException ex)
        {
            throw new ExpressionException($"expression '{code}' failed: {ex.Error}", ex);
        }
        catch (Exception ex) when (ex is TimeoutException or MemoryLimitExceededException or StatementsCountOverflowException or RecursionDepthOverflowException)
        {
            throw new ExpressionException($"expression '{code}' exceeded its sandbox limits ({ex.GetType().Name})", ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ExpressionException($"expression '{code}' returned a value that is not valid JSON: {ex.Message}", ex);
        }
        catch (InsufficientExecutionStackException ex)
        {
            throw new ExpressionException($"expression '{ExpressionNesting.Abbreviate(code)}' is invalid: {ExpressionNesting.TooDeep}", ex);
        }
        catch (Exception ex) when (ex is Acornima.ParseErrorException or JintException)
        {
            throw new ExpressionException($"expression '{code}' is invalid: {ex.Message}", ex);
        }
    }

    private static JsonObject Secrets(string code, ExpressionScope scope)
    {
        var secrets = new JsonObject();
        foreach (Match m in SecretReference().Matches(code))
        {
            var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            var value = scope.SecretResolver?.Invoke(name)
                ?? throw new ExpressionException($"unknown secret '{name}'");
            secrets[name] = value;
        }

        return secrets;
    }

    private static JsonNode? ToNode(Engine engine, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }

        if (value.IsBoolean())
        {
            return JsonValue.Create(value.AsBoolean());
        }

        if (value.IsString())
        {
            return JsonValue.Create(value.AsString());
        }

        if (value.IsNumber())
        {
            var d = value.AsNumber();
            if (!double.IsFinite(d))
            {
                return null;
            }

            return d % 1 == 0 && Math.Abs(d) < 9e15 ? JsonValue.Create((long)d) : JsonValue.Create(d);
        }

        var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(value);
        return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
    }

    public static string ToText(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}
