using System.Text.Json;

namespace FlexPlatform.Testing;

/// <summary>Reads <c>event: count</c> totals from a server-sent event stream, skipping comments.</summary>
public sealed class CountEvents(Stream stream) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(stream);

    public async Task<long> NextAsync(CancellationToken cancellationToken)
    {
        string? eventName = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "count")
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("total").GetInt64();
            }
        }

        throw new EndOfStreamException("The stream ended.");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }
}
