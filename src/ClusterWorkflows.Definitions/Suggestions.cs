namespace ClusterWorkflows.Definitions;

/// <summary>"Did you mean" candidates by edit distance (optimal string alignment, so swapped letters count once).</summary>
internal static class Suggestions
{
    public static IReadOnlyList<string> Closest(string word, IEnumerable<string> candidates, int max = 3)
    {
        // Short words are too easily "close" to anything: allow one edit there.
        var limit = word.Length <= 4 ? 1 : Math.Max(2, word.Length / 3);
        var scored = candidates
            .Distinct(StringComparer.Ordinal)
            .Where(c => c != word)
            .Select(c => (Candidate: c, Distance: Distance(word.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(x => x.Distance <= limit)
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(x => x.Distance);
        return scored
            .Where(x => x.Distance == best)
            .OrderBy(x => x.Candidate, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Candidate)
            .ToList();
    }

    /// <summary>" (did you mean 'a' or 'b'?)" or empty.</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates)
    {
        var close = Closest(word, candidates);
        return close.Count == 0 ? "" : $" (did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?)";
    }

    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
