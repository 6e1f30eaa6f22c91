using System.Text.Json;

namespace FlexPlatform.ServiceDefaults.Mail;

/// <summary>A mail's headers as the JSON object its <c>headers</c> column holds (null for none).</summary>
public static class MailHeadersJson
{
    public static string? Write(IReadOnlyDictionary<string, string>? headers) =>
        headers is null || headers.Count == 0 ? null : JsonSerializer.Serialize(headers);

    public static IReadOnlyDictionary<string, string>? Read(string? json) =>
        json is null ? null : new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(json)!, StringComparer.OrdinalIgnoreCase);
}
