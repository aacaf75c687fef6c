using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ClusterWorkflows.Inventory.Yaml;

/// <summary>
/// Wraps the YAML parser (which is iterative) so that the representation model built from its
/// events (which recurses once per level) never sees a collection nested deeper than
/// <see cref="InventoryLimits.MaxNestingDepth"/> or more than <see cref="InventoryLimits.MaxAliases"/>
/// aliases: 30,000 levels in 60 KB otherwise overflow the stack and end the process. (The
/// definitions loader has the same guard; this project references no other.)
/// </summary>
internal sealed class NestingGuardParser(IParser inner) : IParser
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
            case MappingStart or SequenceStart when ++depth > InventoryLimits.MaxNestingDepth:
                throw new YamlException(inner.Current.Start, inner.Current.End, $"the inventory is nested deeper than {InventoryLimits.MaxNestingDepth} levels");
            case MappingEnd or SequenceEnd:
                depth--;
                break;
            case AnchorAlias when ++aliases > InventoryLimits.MaxAliases:
                throw new YamlException(inner.Current.Start, inner.Current.End, $"the inventory holds more than {InventoryLimits.MaxAliases} aliases");
        }

        return true;
    }
}
