using System.Data;
using Dapper;

namespace FlexPlatform.ServiceDefaults.Data;

/// <summary>
/// Dapper over Npgsql: timestamptz arrives as a UTC DateTime, while our records speak DateTimeOffset;
/// and Npgsql only writes UTC offsets to timestamptz. One handler makes both directions explicit.
/// text[] columns map to string[] record members (Npgsql reports them as System.Array, which Dapper
/// would not match to a constructor parameter), and string[] parameters go out as one array, not a list expansion.
/// </summary>
public static class DapperTypes
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
            SqlMapper.AddTypeHandler(new TextArrayHandler());
        }
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset offset => offset,
            DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a DateTimeOffset."),
        };

        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.UtcDateTime;
    }

    private sealed class TextArrayHandler : SqlMapper.TypeHandler<string[]>
    {
        public override string[] Parse(object value) => value as string[] ?? throw new DataException($"Cannot read {value.GetType().Name} as a string[].");

        public override void SetValue(IDbDataParameter parameter, string[]? value) => parameter.Value = value;
    }
}
