using System.Text.RegularExpressions;

namespace ClusterWorkflows.Activities.Ssh.Files;

/// <summary>Ansible lineinfile semantics on text, kept pure so it is easy to reason about.</summary>
internal static class LineEditor
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    public static (string Text, int Changed) Apply(string text, string? line, bool present, string? pattern)
    {
        var lines = text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n').ToList();
        var regex = pattern is null ? null : new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        bool Matches(string l) => regex?.IsMatch(l) ?? l == line;

        if (!present)
        {
            var removed = lines.RemoveAll(Matches);
            return (Join(lines, text), removed);
        }

        var last = lines.FindLastIndex(Matches);
        if (last >= 0)
        {
            if (lines[last] == line)
            {
                return (text, 0);
            }

            lines[last] = line!;
            return (Join(lines, text), 1);
        }

        if (regex is not null && lines.Contains(line!))
        {
            return (text, 0);
        }

        lines.Add(line!);
        return (Join(lines, text), 1);
    }

    private static string Join(List<string> lines, string original) =>
        lines.Count == 0 ? "" : string.Join('\n', lines) + "\n";
}
