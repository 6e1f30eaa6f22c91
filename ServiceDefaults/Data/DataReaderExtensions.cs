using Npgsql;

namespace FlexPlatform.ServiceDefaults.Data;

public static class DataReaderExtensions
{
    public static string? GetStringOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
