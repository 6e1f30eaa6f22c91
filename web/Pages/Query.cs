using System.Globalization;

namespace FlexPlatform.Web.Pages;

/// <summary>Builds the API query string from the filters a visitor chose, leaving out the empty ones.</summary>
public static class Query
{
    public static string From(params (string Name, object? Value)[] parameters) =>
        QueryString.Create(parameters
            .Select(p => (p.Name, Value: Convert.ToString(p.Value, CultureInfo.InvariantCulture)))
            .Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => new KeyValuePair<string, string?>(p.Name, p.Value!.Trim()))).ToString();
}
