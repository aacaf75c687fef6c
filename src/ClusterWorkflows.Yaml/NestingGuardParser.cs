using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ClusterWorkflows.Yaml;

/// <summary>
/// Wraps the YAML parser (which is iterative) so that the representation model built from its
/// events (which recurses once per level) never sees a collection nested deeper than
/// <paramref name="maxDepth"/> or more than <paramref name="maxAliases"/> aliases: 30,000 levels in
/// 60 KB otherwise overflow the stack and end the process. Runbooks, inventories and inputs files
/// each pass their own limits; <paramref name="what"/> names the document in the message.
/// </summary>
public sealed class NestingGuardParser(IParser inner, int maxDepth, int maxAliases, string what = "document") : IParser
{
    private int depth;
    private int aliases;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingStart or SequenceStart when ++depth > maxDepth:
                throw new YamlLimitException(inner.Current.Start, $"the {what} is nested deeper than {maxDepth} levels; it is refused");
            case MappingEnd or SequenceEnd:
                depth--;
                break;
            case AnchorAlias when ++aliases > maxAliases:
                throw new YamlLimitException(inner.Current.Start, $"the {what} holds more than {maxAliases} aliases; it is refused");
        }

        return true;
    }
}

/// <summary>A document refused by <see cref="NestingGuardParser"/>; <see cref="Reason"/> is the message without the position prefix.</summary>
public sealed class YamlLimitException(Mark at, string reason) : YamlException(at, at, reason)
{
    public string Reason { get; } = reason;
}
