using System.Globalization;
using FlexPlatform.Pledge.Domain;
using FlexPlatform.ServiceDefaults.Validation;

namespace FlexPlatform.Pledge.Import;

/// <summary>
/// The columns an import file may have, by header name, in any order. Lists (personas, flexibility)
/// are separated by semicolons; booleans are true/false, yes/no or 1/0.
/// </summary>
public sealed class ImportColumns
{
    public static readonly string[] Required = ["email", "first_name", "last_name", "country"];
    public static readonly string[] Optional = ["region", "postal_code", "personas", "flexibility", "why", "consent_to_updates", "list_publicly", "pledged_at"];

    private readonly Dictionary<string, int> _index;

    private ImportColumns(Dictionary<string, int> index) => _index = index;

    public static ImportColumns Parse(IReadOnlyList<string> header, out FieldErrors errors)
    {
        errors = new FieldErrors();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            if (!Required.Contains(name, StringComparer.OrdinalIgnoreCase) && !Optional.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add("header", $"Unknown column \"{name}\".");
            }
            else if (!index.TryAdd(name, i))
            {
                errors.Add("header", $"Column \"{name}\" appears twice.");
            }
        }

        foreach (var name in Required.Where(n => !index.ContainsKey(n)))
        {
            errors.Add("header", $"Column \"{name}\" is required.");
        }

        return new ImportColumns(index);
    }

    public string? Get(IReadOnlyList<string> row, string column) =>
        _index.TryGetValue(column, out var i) && i < row.Count && row[i].Length > 0 ? row[i] : null;
}

/// <summary>One row, validated by the same rules as a pledge from the web.</summary>
public sealed record ImportRow(PledgeRequest Pledge, DateTimeOffset? PledgedAt)
{
    public static ImportRow Read(ImportColumns columns, IReadOnlyList<string> row, out FieldErrors errors)
    {
        var pledge = new PledgeRequest(
            columns.Get(row, "first_name"), columns.Get(row, "last_name"), columns.Get(row, "email"), columns.Get(row, "country"),
            columns.Get(row, "region"), columns.Get(row, "postal_code"), List(columns.Get(row, "personas")), List(columns.Get(row, "flexibility")),
            columns.Get(row, "why"), Flag(columns.Get(row, "consent_to_updates"), out var badConsent), Flag(columns.Get(row, "list_publicly"), out var badListed),
            ReferralCode: null, OrganizationCode: null);
        errors = pledge.Validate()
            .When(badConsent, "consent_to_updates", "true/false, yes/no or 1/0 expected.")
            .When(badListed, "list_publicly", "true/false, yes/no or 1/0 expected.");

        DateTimeOffset? pledgedAt = null;
        if (columns.Get(row, "pledged_at") is { } text)
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                pledgedAt = parsed.ToUniversalTime();
            }
            else
            {
                errors.Add("pledged_at", "An ISO 8601 date and time is expected.");
            }
        }

        return new ImportRow(pledge, pledgedAt);
    }

    private static string[]? List(string? value) =>
        value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool Flag(string? value, out bool invalid)
    {
        invalid = false;
        switch (value?.Trim().ToUpperInvariant())
        {
            case null or "" or "FALSE" or "NO" or "0":
                return false;
            case "TRUE" or "YES" or "1":
                return true;
            default:
                invalid = true;
                return false;
        }
    }
}
