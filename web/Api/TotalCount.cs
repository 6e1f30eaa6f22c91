using System.Runtime.CompilerServices;
using FlexPlatform.ServiceDefaults.Http;

namespace FlexPlatform.Web.Api;

/// <summary>A page of a list and how many there are in all, from the API's <c>X-Total-Count</c> header.</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, long Total);

/// <summary>
/// The generated client returns bodies only; a paged list's total travels in a header. The caller's flow carries a
/// box that <see cref="ProcessResponse"/> fills, so concurrent calls on one client never see each other's totals.
/// </summary>
public partial class GatewayApi
{
    internal static readonly AsyncLocal<StrongBox<long?>?> TotalCount = new();

    partial void ProcessResponse(HttpClient client, HttpResponseMessage response)
    {
        if (TotalCount.Value is { } box
            && response.Headers.TryGetValues(PagedLists.TotalCountHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var total))
        {
            box.Value = total;
        }
    }
}
