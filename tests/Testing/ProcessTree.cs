namespace FlexPlatform.Testing;

/// <summary>SIGKILL for a process and everything it started, as an OOM kill or a segfault would end them.</summary>
internal static class ProcessTree
{
    public static void Kill(int pid)
    {
        foreach (var child in ChildrenOf(pid))
        {
            Kill(child);
        }

        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    // A project started by `dotnet run` has the service as its child (BuiltProjectLauncher starts it directly): the crash must reach the service.
    public static IEnumerable<int> ChildrenOf(int pid)
    {
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            if (int.TryParse(fields[1], out var parent) && parent == pid && int.TryParse(Path.GetFileName(Path.GetDirectoryName(stat)), out var child))
            {
                yield return child;
            }
        }
    }
}
