namespace FlexPlatform.ServiceDefaults.Validation;

/// <summary>
/// Collects validation failures keyed by camelCase field name, the shape of the
/// <c>errors</c> object in RFC 9457 validation problem details.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public FieldErrors Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "This field is required.");
        }

        return MaxLength(field, value, maxLength);
    }

    public FieldErrors MaxLength(string field, string? value, int maxLength) =>
        value is not null && value.Length > maxLength ? Add(field, $"At most {maxLength} characters.") : this;

    public FieldErrors OneOf(string field, string? value, IReadOnlySet<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "This field is required.");
        }

        return allowed.Contains(value) ? this : Add(field, Describe(allowed));
    }

    public FieldErrors AllOneOf(string field, IReadOnlyList<string>? values, IReadOnlySet<string> allowed)
    {
        if (values is null)
        {
            return this;
        }

        if (values.Count > allowed.Count)
        {
            return Add(field, $"At most {allowed.Count} values.");
        }

        foreach (var value in values)
        {
            if (value is null || !allowed.Contains(value))
            {
                return Add(field, "Each value " + char.ToLowerInvariant(Describe(allowed)[0]) + Describe(allowed)[1..]);
            }
        }

        return this;
    }

    // Short lists are spelled out; long ones (countries) would drown the message.
    private static string Describe(IReadOnlySet<string> allowed) =>
        allowed.Count <= 20 ? $"Must be one of: {string.Join(", ", allowed.Order())}." : "Not a recognised value.";

    public FieldErrors When(bool failed, string field, string message) => failed ? Add(field, message) : this;

    /// <summary>A list's <c>?page=&amp;pageSize=</c>: pages from 1 to 10,000, of 1 to 100 items.</summary>
    public FieldErrors Paging(int? page, int? pageSize) =>
        When(page is < 1 or > 10_000, "page", "A page number from 1 to 10000.")
        .When(pageSize is < 1 or > 100, "pageSize", "From 1 to 100.");

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
