namespace FlexPlatform.AppHost.Dashboard.Telemetry;

/// <summary>The newest <c>capacity</c> items; adding past it drops the oldest. Thread-safe.</summary>
public sealed class Ring<T>(int capacity)
{
    private readonly T[] _items = new T[capacity];
    private int _next;
    private int _count;

    public int Capacity => capacity;

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _count;
            }
        }
    }

    /// <summary>Adds each item; <paramref name="evicted"/> hears every item that fell out, under the ring's lock.</summary>
    public void AddRange(IEnumerable<T> items, Action<T>? evicted = null)
    {
        lock (_items)
        {
            foreach (var item in items)
            {
                if (_count == capacity)
                {
                    evicted?.Invoke(_items[_next]);
                }
                else
                {
                    _count++;
                }

                _items[_next] = item;
                _next = (_next + 1) % capacity;
            }
        }
    }

    /// <summary>A copy, oldest first.</summary>
    public T[] Snapshot()
    {
        lock (_items)
        {
            var copy = new T[_count];
            var start = (_next - _count + capacity) % capacity;
            for (var i = 0; i < _count; i++)
            {
                copy[i] = _items[(start + i) % capacity];
            }

            return copy;
        }
    }
}
