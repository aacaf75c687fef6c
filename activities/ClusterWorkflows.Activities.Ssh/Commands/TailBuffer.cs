using System.Text;

namespace ClusterWorkflows.Activities.Ssh.Commands;

/// <summary>Keeps the last <c>limit</c> characters of a stream of lines: the end of a log is what explains a failure.</summary>
internal sealed class TailBuffer(int limit)
{
    private readonly StringBuilder text = new();
    private bool hasLines;

    public void AppendLine(string line)
    {
        if (hasLines)
        {
            text.Append('\n');
        }

        hasLines = true;
        text.Append(line);
        if (text.Length > 2 * limit)
        {
            text.Remove(0, text.Length - limit);
        }
    }

    public override string ToString() => text.Length <= limit ? text.ToString() : text.ToString(text.Length - limit, limit);

    public string LastLines(int count)
    {
        var lines = ToString().Split('\n').Where(l => l.Length > 0).ToArray();
        return string.Join(" | ", lines.Length <= count ? lines : lines[^count..]);
    }
}
