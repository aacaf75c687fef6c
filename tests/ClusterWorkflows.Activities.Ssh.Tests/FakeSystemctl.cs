namespace ClusterWorkflows.Activities.Ssh.Tests;

/// <summary>
/// A shell script standing in for systemctl (no systemd in the test machine): it records every call
/// and keeps enabled/active state as marker files, which is all ssh.ensureSystemdUnit observes.
/// </summary>
public sealed class FakeSystemctl
{
    public FakeSystemctl(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, "systemctl");
        File.WriteAllText(Path, $$"""
            #!/bin/sh
            d='{{directory}}'
            echo "$*" >> "$d/calls.log"
            case "$1" in
              is-enabled) test -e "$d/enabled-$3" ;;
              is-active) test -e "$d/active-$3" ;;
              enable) touch "$d/enabled-$2" ;;
              start|restart) touch "$d/active-$2" ;;
              stop) rm -f "$d/active-$2" ;;
              daemon-reload) : ;;
              *) exit 1 ;;
            esac
            """);
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory { get; }

    public string Path { get; }

    public IReadOnlyList<string> Calls =>
        File.Exists(System.IO.Path.Combine(Directory, "calls.log")) ? File.ReadAllLines(System.IO.Path.Combine(Directory, "calls.log")) : [];

    public void Stop(string unit) => File.Delete(System.IO.Path.Combine(Directory, "active-" + unit));
}
