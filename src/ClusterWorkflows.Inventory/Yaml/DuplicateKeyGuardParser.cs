using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ClusterWorkflows.Inventory.Yaml;

/// <summary>
/// Wraps the YAML parser so that a repeated mapping key is reported and dropped (with its value)
/// instead of aborting the whole load, which YamlStream would do; the author then sees every
/// other problem of the file too.
/// </summary>
internal sealed class DuplicateKeyGuardParser(IParser inner, Action<Mark, string> report) : IParser
{
    private readonly Stack<Frame> frames = new();

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        while (inner.MoveNext())
        {
            var current = inner.Current!;
            if (IsDuplicateKey(current))
            {
                SkipValue();
                continue;
            }

            Track(current);
            return true;
        }

        return false;
    }

    private bool IsDuplicateKey(ParsingEvent current)
    {
        if (current is not Scalar key || !frames.TryPeek(out var frame) || frame.Keys is null || !frame.ExpectKey)
        {
            return false;
        }

        if (frame.Keys.TryGetValue(key.Value, out var first))
        {
            report(key.Start, $"duplicate key '{key.Value}' (first defined at line {first.Line}, column {first.Column})");
            return true;
        }

        frame.Keys[key.Value] = key.Start;
        return false;
    }

    private void SkipValue()
    {
        var depth = 0;
        while (inner.MoveNext())
        {
            switch (inner.Current)
            {
                case MappingStart or SequenceStart:
                    depth++;
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }

            if (depth == 0)
            {
                return;
            }
        }
    }

    private void Track(ParsingEvent current)
    {
        // Each node inside a mapping alternates between key and value.
        if (current is Scalar or AnchorAlias or MappingStart or SequenceStart
            && frames.TryPeek(out var mapping) && mapping.Keys is not null)
        {
            mapping.ExpectKey = !mapping.ExpectKey;
        }

        switch (current)
        {
            case MappingStart:
                frames.Push(new Frame(new Dictionary<string, Mark>(StringComparer.Ordinal)));
                break;
            case SequenceStart:
                frames.Push(new Frame(null));
                break;
            case MappingEnd or SequenceEnd:
                frames.TryPop(out _);
                break;
            case DocumentStart:
                frames.Clear();
                break;
        }
    }

    /// <summary>One open collection; <see cref="Keys"/> is null for sequences.</summary>
    private sealed class Frame(Dictionary<string, Mark>? keys)
    {
        public Dictionary<string, Mark>? Keys { get; } = keys;
        public bool ExpectKey { get; set; } = true;
    }
}
