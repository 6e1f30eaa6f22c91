namespace FlexPlatform.AppHost.Hosting;

/// <summary>The recent console output of one resource, kept for the dashboard and for failure messages.</summary>
public sealed class LogBuffer(string resourceName, bool echo, int capacity = 400)
{
    private static readonly Lock ConsoleLock = new();
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();

    /// <summary>Every line as it arrives, for whoever must see all of them (the buffer keeps only the tail).</summary>
    public event Action<string>? LineAdded;

    public void Add(string line)
    {
        LineAdded?.Invoke(line);
        lock (_lock)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }

        if (echo)
        {
            lock (ConsoleLock)
            {
                Console.ForegroundColor = ColorFor(resourceName);
                Console.Write($"{resourceName,-10} | ");
                Console.ResetColor();
                Console.WriteLine(line);
            }
        }
    }

    public IReadOnlyList<string> Tail(int count)
    {
        lock (_lock)
        {
            return _lines.Skip(Math.Max(0, _lines.Count - count)).ToArray();
        }
    }

    private static ConsoleColor ColorFor(string name)
    {
        ConsoleColor[] colors = [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Yellow, ConsoleColor.Magenta, ConsoleColor.Blue, ConsoleColor.DarkCyan];
        return colors[(int)((uint)string.GetHashCode(name, StringComparison.Ordinal) % colors.Length)];
    }
}
