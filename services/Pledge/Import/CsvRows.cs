using System.Text;

namespace FlexPlatform.Pledge.Import;

public sealed class MalformedCsvException(long line, string message) : Exception($"Line {line}: {message}")
{
    public long Line { get; } = line;
}

/// <summary>
/// RFC 4180 records from a stream, one at a time: quoted fields may hold commas, quotes ("") and line
/// breaks. Reads a million-row file without holding it in memory.
/// </summary>
public sealed class CsvRows(TextReader reader)
{
    private const int MaxFieldLength = 4096;

    // TextReader buffers too, but a char at a time through a virtual call per char is slow at 100 MB.
    private readonly char[] _buffer = new char[16384];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private long _nextLine = 1;

    /// <summary>The line the current record started on (1-based).</summary>
    public long Line { get; private set; }

    public async Task<List<string>?> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Line = _nextLine;
        var fields = new List<string>();
        var quoted = false;
        var started = false;
        _field.Clear();
        while (true)
        {
            var next = await ReadCharAsync();
            if (next < 0)
            {
                if (quoted)
                {
                    throw new MalformedCsvException(Line, "a quoted field is never closed.");
                }

                if (!started && fields.Count == 0)
                {
                    return null;
                }

                fields.Add(_field.ToString());
                return fields;
            }

            var c = (char)next;
            started = true;
            if (quoted)
            {
                if (c == '"')
                {
                    if (await PeekAsync() == '"')
                    {
                        await ReadCharAsync();
                        Append(c);
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _nextLine++;
                    }

                    Append(c);
                }
            }
            else if (c == '"' && _field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(_field.ToString());
                _field.Clear();
            }
            else if (c == '\n')
            {
                _nextLine++;
                fields.Add(_field.ToString());
                return fields;
            }
            else if (c != '\r')
            {
                Append(c);
            }
        }
    }

    private void Append(char c)
    {
        if (_field.Length >= MaxFieldLength)
        {
            throw new MalformedCsvException(Line, $"a field is longer than {MaxFieldLength} characters.");
        }

        _field.Append(c);
    }

    private async ValueTask<int> ReadCharAsync()
    {
        if (_position == _length)
        {
            _length = await reader.ReadAsync(_buffer);
            _position = 0;
            if (_length == 0)
            {
                return -1;
            }
        }

        return _buffer[_position++];
    }

    private async ValueTask<int> PeekAsync()
    {
        if (_position == _length)
        {
            _length = await reader.ReadAsync(_buffer);
            _position = 0;
        }

        return _position < _length ? _buffer[_position] : -1;
    }
}
