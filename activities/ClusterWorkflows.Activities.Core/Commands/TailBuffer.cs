using System.Text;

namespace ClusterWorkflows.Activities.Core.Commands;

/// <summary>Keeps the last <c>limit</c> characters of a stream of lines: the end of a log is what explains a failure.</summary>
internal sealed class TailBuffer(int limit)
{
    private readonly StringBuilder text = new();
    private bool hasLines;

    public bool Truncated { get; private set; }

    public void AppendLine(string line)
    {
        if (hasLines)
        {
            text.Append('\n');
        }

        hasLines = true;
        text.Append(line);

        // Trim in bulk rather than on every line.
        if (text.Length > 2 * limit)
        {
            text.Remove(0, text.Length - limit);
            Truncated = true;
        }
    }

    public override string ToString()
    {
        if (text.Length <= limit)
        {
            return text.ToString();
        }

        Truncated = true;
        return text.ToString(text.Length - limit, limit);
    }

    public IReadOnlyList<string> LastLines(int count)
    {
        var lines = ToString().Split('\n');
        return lines.Length <= count ? lines : lines[^count..];
    }
}
