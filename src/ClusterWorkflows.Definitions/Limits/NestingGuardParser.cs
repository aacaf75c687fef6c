using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ClusterWorkflows.Definitions.Limits;

/// <summary>
/// Wraps the YAML parser (which is iterative) so that the representation model built from its
/// events (which recurses once per level) never sees a collection nested deeper than
/// <see cref="InputLimits.MaxNestingDepth"/> or more than <see cref="InputLimits.MaxAliases"/>
/// aliases: 30,000 levels in 60 KB otherwise overflow the stack and end the process.
/// </summary>
public sealed class NestingGuardParser(IParser inner, int maxDepth = InputLimits.MaxNestingDepth, int maxAliases = InputLimits.MaxAliases) : IParser
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
                throw new YamlLimitException(inner.Current.Start, $"the document is nested deeper than {maxDepth} levels; it is refused");
            case MappingEnd or SequenceEnd:
                depth--;
                break;
            case AnchorAlias when ++aliases > maxAliases:
                throw new YamlLimitException(inner.Current.Start, $"the document holds more than {maxAliases} aliases; it is refused");
        }

        return true;
    }
}

/// <summary>A document refused by <see cref="NestingGuardParser"/>; <see cref="Reason"/> is the message without the position prefix.</summary>
public sealed class YamlLimitException(Mark at, string reason) : YamlException(at, at, reason)
{
    public string Reason { get; } = reason;
}
