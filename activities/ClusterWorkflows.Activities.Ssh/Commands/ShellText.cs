using System.Text;

namespace ClusterWorkflows.Activities.Ssh.Commands;

/// <summary>Builds POSIX sh command lines for the remote side.</summary>
internal static class ShellText
{
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Wraps a command line: environment exported first, then run through sudo (non-interactive) when asked.</summary>
    public static string Wrap(string command, bool sudo, IReadOnlyDictionary<string, string>? environment = null)
    {
        var script = new StringBuilder();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(name[0]))
            {
                throw new Sdk.NonRetryableActivityException("ssh.bad-input", $"environment variable name '{name}' is not a valid shell name");
            }

            script.Append("export ").Append(name).Append('=').Append(Quote(value)).Append("; ");
        }

        script.Append(command);
        return sudo ? "sudo -n sh -c " + Quote(script.ToString()) : script.ToString();
    }
}
