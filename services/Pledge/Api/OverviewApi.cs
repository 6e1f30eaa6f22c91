using FlexPlatform.Pledge.Reads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlexPlatform.Pledge.Api;

/// <summary>The staff console's overview of supporters: any member of staff, here and at the gateway.</summary>
public static class OverviewApi
{
    public static RouteGroupBuilder MapOverviewApi(this RouteGroupBuilder pledges)
    {
        pledges.MapGet("/overview", ReadAsync).RequireStaff()
            .WithSummary("Confirmed and unconfirmed supporters, pledges per day for 90 days, top referrers");
        return pledges;
    }

    public static async Task<Ok<OverviewResponse>> ReadAsync(StaffOverview overview, CancellationToken cancellationToken) =>
        TypedResults.Ok(await overview.ReadAsync(cancellationToken));
}
