using System.Globalization;

namespace ClusterWorkflows.Testing;

/// <summary>Parses what a runbook writes in <c>uses:</c>: <c>type.id@version</c> or just <c>type.id</c> (newest).</summary>
public static class ActivityReference
{
    public static (string TypeId, int? Version) Parse(string reference)
    {
        var at = reference.LastIndexOf('@');
        if (at < 0)
        {
            return (reference, null);
        }

        return int.TryParse(reference.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (reference[..at], version)
            : throw new ArgumentException($"'{reference}' is not an activity reference (expected type.id@version)", nameof(reference));
    }
}
