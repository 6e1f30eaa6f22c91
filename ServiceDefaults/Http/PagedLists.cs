using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace FlexPlatform.ServiceDefaults.Http;

/// <summary>A paged list answers one page in its body and how many there are in all in a header.</summary>
public static class PagedLists
{
    public const string TotalCountHeader = "X-Total-Count";

    public static void SetTotalCount(this HttpResponse response, long total) =>
        response.Headers[TotalCountHeader] = total.ToString(CultureInfo.InvariantCulture);
}
