namespace FlexPlatform.Web.Pages;

/// <summary>The filters and fields a visitor filled in, as the API takes them: a blank one is left out.</summary>
public static class Query
{
    public static string? Value(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
