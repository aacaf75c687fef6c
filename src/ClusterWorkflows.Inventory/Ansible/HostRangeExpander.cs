using System.Globalization;

namespace ClusterWorkflows.Inventory.Ansible;

/// <summary>
/// Expands Ansible host ranges: <c>node[01:03]</c> → node01 node02 node03 (leading zeros set the
/// width), <c>node[a:c]</c>, an optional step <c>[1:9:2]</c>, several ranges per name.
/// </summary>
internal static class HostRangeExpander
{
    public const int MaxHosts = 10_000;
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>The host names, or null with <paramref name="error"/> set.</summary>
    public static List<string>? Expand(string pattern, out string? error)
    {
        var names = new List<string>();
        error = ExpandInto(pattern, names);
        return error is null ? names : null;
    }

    private static string? ExpandInto(string pattern, List<string> names)
    {
        var open = pattern.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            names.Add(pattern);
            return names.Count > MaxHosts ? $"host ranges expand to more than {MaxHosts} hosts" : null;
        }

        var close = pattern.IndexOf(']', open);
        if (close < 0)
        {
            return $"unclosed '[' in host pattern '{pattern}'";
        }

        var values = RangeValues(pattern[(open + 1)..close], out var error);
        if (values is null)
        {
            return $"invalid host range '{pattern[open..(close + 1)]}': {error}";
        }

        foreach (var value in values)
        {
            var failure = ExpandInto(pattern[..open] + value + pattern[(close + 1)..], names);
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    private static List<string>? RangeValues(string range, out string? error)
    {
        error = null;
        var parts = range.Split(':');
        if (parts.Length is not (2 or 3))
        {
            error = "expected [start:end] or [start:end:step]";
            return null;
        }

        var (start, end) = (parts[0].Length == 0 ? "0" : parts[0], parts[1]);
        var step = 1;
        if (parts.Length == 3 && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1))
        {
            error = "the step must be a positive integer";
            return null;
        }

        if (start.Length == 1 && end.Length == 1 && Letters.Contains(start[0]) && Letters.Contains(end[0]))
        {
            return Letters.IndexOf(start[0]) <= Letters.IndexOf(end[0])
                ? Stepped(Letters.IndexOf(start[0]), Letters.IndexOf(end[0]), step).Select(i => Letters[i].ToString()).ToList()
                : Fail("the start letter comes after the end letter", out error);
        }

        if (!int.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(end, NumberStyles.None, CultureInfo.InvariantCulture, out var to))
        {
            return Fail("start and end must both be numbers or both be letters", out error);
        }

        if (from > to)
        {
            return Fail("the start is greater than the end", out error);
        }

        if ((long)to - from >= (long)MaxHosts * step)
        {
            return Fail($"more than {MaxHosts} hosts", out error);
        }

        var width = start.Length > 1 && start[0] == '0' ? start.Length : 0;
        if (width > 0 && end.Length != width)
        {
            return Fail("zero-padded start and end must have the same length", out error);
        }

        return Stepped(from, to, step).Select(i => i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')).ToList();
    }

    private static IEnumerable<int> Stepped(int from, int to, int step)
    {
        for (long i = from; i <= to; i += step)
        {
            yield return (int)i;
        }
    }

    private static List<string>? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}
