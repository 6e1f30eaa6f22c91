namespace FlexPlatform.Web.Pages;

/// <summary>
/// The part of a page's query that makes a link someone's: a referral or an organization's code. Nothing else (a
/// mailed link's token, a stranger's tracking id) is repeated into a page the gateway caches for everyone.
/// </summary>
public static class SharedQuery
{
    public static string Of(HttpRequest request)
    {
        var kept = request.Query.Where(q => q.Key is "ref" or "org" && !string.IsNullOrEmpty(q.Value)).OrderBy(q => q.Key, StringComparer.Ordinal)
            .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").ToList();
        return kept.Count == 0 ? "" : "?" + string.Join("&", kept);
    }
}
