using System.Collections.Immutable;
using System.Globalization;
using Acornima.Ast;

namespace ClusterWorkflows.Definitions.Validation;

/// <summary>
/// A free name an expression reads and the static member path after it: <c>steps.build.outputs.image</c>
/// is root <c>steps</c> with path [build, outputs, image]. A null segment is computed at run time.
/// </summary>
internal sealed record ExpressionReference(string Root, IReadOnlyList<string?> Path);

/// <summary>
/// Finds the free names of a JavaScript expression by walking Acornima's syntax tree (the parser Jint
/// uses), so property names, object keys, and arrow-function parameters are not mistaken for roots.
/// </summary>
internal static class ExpressionReferences
{
    private const int MaxDepth = 200;

    /// <summary>The references of <paramref name="code"/>; empty when it does not parse (that is reported elsewhere).</summary>
    public static IReadOnlyList<ExpressionReference> Find(string code)
    {
        if (Expressions.ExpressionNesting.Check(code) is not null)
        {
            return [];
        }

        Expression ast;
        try
        {
            ast = new Acornima.Parser().ParseExpression(code);
        }
        catch (Exception ex) when (ex is Acornima.ParseErrorException or InvalidOperationException or ArgumentException or InsufficientExecutionStackException)
        {
            return [];
        }

        var walker = new Walker();
        walker.Visit(ast, [], 0);
        return walker.Found;
    }

    private sealed class Walker
    {
        public List<ExpressionReference> Found { get; } = [];

        public void Visit(Node? node, ImmutableHashSet<string> locals, int depth)
        {
            if (node is null || depth > MaxDepth)
            {
                return;
            }

            switch (node)
            {
                case Identifier id:
                    Add(id.Name, [], locals);
                    break;
                case MemberExpression member:
                    VisitMember(member, locals, depth);
                    break;
                case Property property:
                    // Object literal and pattern keys are names, not reads, unless computed.
                    if (property.Computed)
                    {
                        Visit(property.Key, locals, depth + 1);
                    }

                    Visit(property.Value, locals, depth + 1);
                    break;
                case IFunction function:
                    VisitFunction(function, locals, depth);
                    break;
                default:
                    foreach (var child in node.ChildNodes)
                    {
                        Visit(child, locals, depth + 1);
                    }

                    break;
            }
        }

        private void Add(string name, IReadOnlyList<string?> path, ImmutableHashSet<string> locals)
        {
            if (!locals.Contains(name))
            {
                Found.Add(new ExpressionReference(name, path));
            }
        }

        private void VisitMember(MemberExpression member, ImmutableHashSet<string> locals, int depth)
        {
            var path = new List<string?>();
            Node current = member;
            while (true)
            {
                if (current is MemberExpression m)
                {
                    path.Insert(0, Segment(m, locals, depth));
                    current = m.Object;
                }
                else if (current is ChainExpression chain)
                {
                    current = chain.Expression;
                }
                else if (current is ParenthesizedExpression parenthesized)
                {
                    current = parenthesized.Expression;
                }
                else
                {
                    break;
                }
            }

            if (current is Identifier root)
            {
                Add(root.Name, path, locals);
            }
            else
            {
                Visit(current, locals, depth + 1);
            }
        }

        private string? Segment(MemberExpression member, ImmutableHashSet<string> locals, int depth)
        {
            switch (member.Property)
            {
                case Identifier name when !member.Computed:
                    return name.Name;
                case StringLiteral text when member.Computed:
                    return text.Value;
                case NumericLiteral number when member.Computed:
                    return number.Value.ToString(CultureInfo.InvariantCulture);
                default:
                    Visit(member.Property, locals, depth + 1);
                    return null;
            }
        }

        private void VisitFunction(IFunction function, ImmutableHashSet<string> locals, int depth)
        {
            var inner = locals.ToBuilder();
            if (function.Id is { } id)
            {
                inner.Add(id.Name);
            }

            foreach (var parameter in function.Params)
            {
                AddBindings(parameter, inner);
            }

            if (function.Body is { } body)
            {
                AddDeclarations(body, inner, depth);
            }

            var scope = inner.ToImmutable();
            foreach (var parameter in function.Params)
            {
                VisitDefaults(parameter, scope, depth + 1);
            }

            Visit(function.Body, scope, depth + 1);
        }

        /// <summary>Default values in parameter patterns are reads: <c>(x = inputs.n) =&gt; x</c>.</summary>
        private void VisitDefaults(Node? pattern, ImmutableHashSet<string> scope, int depth)
        {
            switch (pattern)
            {
                case AssignmentPattern assignment:
                    VisitDefaults(assignment.Left, scope, depth + 1);
                    Visit(assignment.Right, scope, depth + 1);
                    break;
                case ObjectPattern obj:
                    foreach (var p in obj.Properties)
                    {
                        VisitDefaults(p is Property property ? property.Value : p, scope, depth + 1);
                    }

                    break;
                case ArrayPattern array:
                    foreach (var element in array.Elements)
                    {
                        VisitDefaults(element, scope, depth + 1);
                    }

                    break;
                case RestElement rest:
                    VisitDefaults(rest.Argument, scope, depth + 1);
                    break;
            }
        }

        private static void AddBindings(Node? pattern, ImmutableHashSet<string>.Builder names)
        {
            switch (pattern)
            {
                case Identifier id:
                    names.Add(id.Name);
                    break;
                case AssignmentPattern assignment:
                    AddBindings(assignment.Left, names);
                    break;
                case ObjectPattern obj:
                    foreach (var p in obj.Properties)
                    {
                        AddBindings(p is Property property ? property.Value : p, names);
                    }

                    break;
                case ArrayPattern array:
                    foreach (var element in array.Elements)
                    {
                        AddBindings(element, names);
                    }

                    break;
                case RestElement rest:
                    AddBindings(rest.Argument, names);
                    break;
            }
        }

        /// <summary>Names declared anywhere in a function body (var/let/const/function/catch), function-wide: close enough for validation.</summary>
        private static void AddDeclarations(Node node, ImmutableHashSet<string>.Builder names, int depth)
        {
            if (depth > MaxDepth)
            {
                return;
            }

            switch (node)
            {
                case VariableDeclarator declarator:
                    AddBindings(declarator.Id, names);
                    break;
                case FunctionDeclaration { Id: { } id }:
                    names.Add(id.Name);
                    return;
                case ClassDeclaration { Id: { } classId }:
                    names.Add(classId.Name);
                    break;
                case CatchClause { Param: { } param }:
                    AddBindings(param, names);
                    break;
                case IFunction:
                    return;
            }

            foreach (var child in node.ChildNodes)
            {
                if (child is not null)
                {
                    AddDeclarations(child, names, depth + 1);
                }
            }
        }
    }
}
